import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of the hub that breaks HTTP/1.1 exchanges on purpose (DESIGN
 * §8 "sync through a flaky TCP proxy"). It reads each request off the client connection (headers
 * and a Content-Length body), then, following a seeded schedule, passes it or injects one fault:
 *
 * - `drop`: close both connections halfway through the request (the hub never gets all of it) or
 *   halfway through the response (the hub acted on it; the kiosk never learns the outcome);
 * - `delay`: hold the request back for a while (longer than the kiosk's timeout, sometimes);
 * - `duplicate`: pass the request, and once its answer starts coming back send the same bytes
 *   again on a fresh connection to the hub, as a replaying attacker or a retrying middlebox
 *   would; that answer is recorded and thrown away;
 * - `reset`: abort the client connection with a TCP RST (socket.resetAndDestroy), either before
 *   the request reaches the hub or once its answer starts coming back.
 *
 * Every fault is counted, so a test can prove it exercised each one.
 */

export type FaultKind = 'drop' | 'delay' | 'duplicate' | 'reset';
export const FAULT_KINDS: readonly FaultKind[] = ['drop', 'delay', 'duplicate', 'reset'];

export interface FaultSchedule {
  /** Seed of the fault draws (mulberry32), printed by tests so a failure can be replayed. */
  seed: number;
  /** Probability per request of each fault; the rest pass untouched. */
  probability: Readonly<Record<FaultKind, number>>;
  /** A held-back request waits a uniform draw from this range (ms). */
  delayMs: readonly [number, number];
  /**
   * Every Nth request injects whichever fault has been injected least so far, so a short run
   * still exercises each kind. 0 = never.
   */
  forceLeastUsedEvery: number;
}

export interface FaultCounters {
  connections: number;
  requests: number;
  passed: number;
  drop: number;
  dropMidRequest: number;
  dropMidResponse: number;
  delay: number;
  duplicate: number;
  /**
   * Each duplicate's answer from the hub: status and error code, e.g. { '401 replayed': 3 };
   * prefixed `raced ` when the original got no answer before its connection closed.
   */
  duplicateAnswers: Record<string, number>;
  reset: number;
  resetBeforeHub: number;
  resetMidResponse: number;
}

export interface FaultProxy {
  readonly port: number;
  readonly url: string;
  counters(): FaultCounters;
  /** Resolves once every duplicate sent so far has had its answer (or its connection closed). */
  settled(): Promise<void>;
  /** Faults on (the schedule) or off (every request passes). */
  setFaults(enabled: boolean): void;
  close(): Promise<void>;
}

export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startFaultProxy(options: {
  target: { host: string; port: number };
  schedule: FaultSchedule;
  /** Default true. */
  faultsEnabled?: boolean;
}): Promise<FaultProxy> {
  const { target, schedule } = options;
  const random = seededRandom(schedule.seed);
  let faultsEnabled = options.faultsEnabled ?? true;
  const sockets = new Set<net.Socket>();
  const counters: FaultCounters = {
    connections: 0,
    requests: 0,
    passed: 0,
    drop: 0,
    dropMidRequest: 0,
    dropMidResponse: 0,
    delay: 0,
    duplicate: 0,
    duplicateAnswers: {},
    reset: 0,
    resetBeforeHub: 0,
    resetMidResponse: 0,
  };

  const track = (socket: net.Socket): net.Socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A broken connection is the point of this proxy, never a crash of the test process.
    socket.on('error', () => undefined);
    return socket;
  };

  function drawFault(): FaultKind | null {
    if (!faultsEnabled) return null;
    if (
      schedule.forceLeastUsedEvery > 0 &&
      counters.requests % schedule.forceLeastUsedEvery === 0
    ) {
      return [...FAULT_KINDS].sort((a, b) => counters[a] - counters[b])[0] ?? null;
    }
    let draw = random();
    for (const kind of FAULT_KINDS) {
      draw -= schedule.probability[kind];
      if (draw < 0) return kind;
    }
    return null;
  }

  let duplicatesInFlight = 0;
  const whenSettled: (() => void)[] = [];
  function duplicateToHub(request: Buffer, originalAnswered: boolean): void {
    duplicatesInFlight += 1;
    const copy = track(net.connect(target.port, target.host));
    let answer = '';
    const record = (): void => {
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 'none';
      const code = /"error":"([a-z_]+)"/.exec(answer)?.[1];
      // Without an answer to the original (the kiosk gave up first) the two may still race.
      const key = `${originalAnswered ? '' : 'raced '}${code ? `${status} ${code}` : status}`;
      counters.duplicateAnswers[key] = (counters.duplicateAnswers[key] ?? 0) + 1;
    };
    copy.on('connect', () => copy.write(request));
    copy.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      // Headers and a JSON error body come in one or two chunks; the status is all that counts.
      if (/\r\n\r\n[\s\S]*\}/.test(answer)) copy.end();
    });
    copy.on('close', () => {
      record();
      duplicatesInFlight -= 1;
      if (duplicatesInFlight === 0) for (const wake of whenSettled.splice(0)) wake();
    });
    copy.setTimeout(10_000, () => copy.destroy());
  }

  const server = net.createServer((client) => {
    counters.connections += 1;
    track(client);
    const upstream = track(net.connect(target.port, target.host));
    let pending = Buffer.alloc(0);
    let responseFault: 'drop' | 'reset' | null = null;
    // A duplicate goes out once the original's answer starts: a replay of a request the hub has
    // already acted on, which it must refuse as `replayed`.
    let duplicateAfterAnswer: Buffer | null = null;
    const sendDuplicate = (originalAnswered: boolean): void => {
      if (duplicateAfterAnswer) duplicateToHub(duplicateAfterAnswer, originalAnswered);
      duplicateAfterAnswer = null;
    };
    // Requests on one connection are handled in order, even when one of them is held back.
    let queue: Promise<void> = Promise.resolve();
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
    };

    upstream.on('data', (chunk: Buffer) => {
      sendDuplicate(true);
      if (responseFault === 'drop') {
        client.write(chunk.subarray(0, Math.max(1, Math.floor(chunk.length / 2))), closeBoth);
        responseFault = null;
        upstream.destroy();
        return;
      }
      if (responseFault === 'reset') {
        responseFault = null;
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    upstream.on('close', () => {
      sendDuplicate(false);
      client.end();
    });
    client.on('close', () => upstream.destroy());

    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const length = requestLength(pending);
        if (length === null) return;
        const request = pending.subarray(0, length);
        pending = pending.subarray(length);
        counters.requests += 1;
        const fault = drawFault();
        queue = queue.then(() => forward(request, fault));
      }
    });

    async function forward(request: Buffer, fault: FaultKind | null): Promise<void> {
      if (client.destroyed || upstream.destroyed) return;
      switch (fault) {
        case null:
          counters.passed += 1;
          upstream.write(request);
          return;
        case 'delay': {
          counters.delay += 1;
          const [min, max] = schedule.delayMs;
          await new Promise((r) => setTimeout(r, min + random() * (max - min)));
          if (!client.destroyed && !upstream.destroyed) upstream.write(request);
          return;
        }
        case 'duplicate':
          counters.duplicate += 1;
          upstream.write(request);
          duplicateAfterAnswer = Buffer.from(request);
          return;
        case 'drop':
          counters.drop += 1;
          if (random() < 0.5) {
            counters.dropMidRequest += 1;
            upstream.write(request.subarray(0, Math.floor(request.length / 2)), closeBoth);
          } else {
            counters.dropMidResponse += 1;
            responseFault = 'drop';
            upstream.write(request);
          }
          return;
        case 'reset':
          counters.reset += 1;
          if (random() < 0.5) {
            counters.resetBeforeHub += 1;
            client.resetAndDestroy();
            upstream.destroy();
          } else {
            counters.resetMidResponse += 1;
            responseFault = 'reset';
            upstream.write(request);
          }
          return;
      }
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');

  return {
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    counters: () => ({ ...counters, duplicateAnswers: { ...counters.duplicateAnswers } }),
    settled: () =>
      duplicatesInFlight === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => whenSettled.push(resolve)),
    setFaults(enabled) {
      faultsEnabled = enabled;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/**
 * Length of the first complete request in `bytes` (headers + Content-Length body), or null while
 * it is still arriving. The kiosk's fetch always sends a Content-Length; a chunked body is not
 * expected here and is refused loudly rather than mis-framed.
 */
function requestLength(bytes: Buffer): number | null {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = bytes.subarray(0, end).toString('latin1');
  if (/\r\ntransfer-encoding:/i.test(head)) {
    throw new Error('fault proxy: chunked request bodies are not supported');
  }
  const match = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  const bodyLength = match ? Number(match[1]) : 0;
  const total = end + 4 + bodyLength;
  return bytes.length >= total ? total : null;
}
