import { afterEach, describe, expect, test } from 'vitest';
import { createManualClock, type ManualClock } from '../../contracts/clock';
import { encodeSentenceText, type CuffSentence } from '../../hardware/bp-cuff/codec';
import {
  BpCuffDriver,
  type BpCuffDriverOptions,
  type CuffLineError,
  type CuffPressureBatch,
} from '../../hardware/bp-cuff/driver';
import type { BpMachineEvent, BpOutcome } from '../../hardware/bp-cuff/status';
import {
  createMemoryTransportPair,
  type MemoryTransport,
} from '../../hardware/transports/memory-transport';

// Byte-exact driver tests: the test plays the cuff on the other end of a memory pair, writes the
// cuff's exact sentences and asserts the exact lines the driver writes (vitals.md §B.2, §C).

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

interface Harness {
  clock: ManualClock;
  host: MemoryTransport;
  cuff: MemoryTransport;
  driver: BpCuffDriver;
  /** Lines the driver wrote since the last call. */
  written(): string[];
  /** The cuff sends a raw line (or a sentence). */
  send(line: string | CuffSentence): Promise<void>;
  advance(ms: number): Promise<void>;
  events: BpMachineEvent[];
  errors: CuffLineError[];
  live: CuffPressureBatch[];
}

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.driver.close();
});

async function harness(options: Partial<BpCuffDriverOptions> = {}): Promise<Harness> {
  const clock = createManualClock();
  const [host, cuff] = createMemoryTransportPair({ name: 'cuff' });
  await cuff.open();
  const driver = new BpCuffDriver({ transport: host, clock, ...options });
  const lines: string[] = [];
  cuff.onData((chunk) => lines.push(String.fromCharCode(...chunk)));
  const h: Harness = {
    clock,
    host,
    cuff,
    driver,
    written: () => lines.splice(0),
    async send(line) {
      const text = typeof line === 'string' ? line : `${encodeSentenceText(line)}\r\n`;
      await cuff.write(ascii(text));
      await settle();
    },
    async advance(ms) {
      for (let t = 0; t < ms; t += 10) {
        clock.advance(Math.min(10, ms - t));
        await settle();
      }
    },
    events: [],
    errors: [],
    live: [],
  };
  driver.onMachineEvent((e) => h.events.push(e));
  driver.onError((e) => h.errors.push(e));
  driver.onLive((b) => h.live.push(b));
  await driver.open();
  harnesses.push(h);
  return h;
}

describe('bp-cuff driver: a session, byte for byte', () => {
  test('START 1 → ACK → P … → R: the reading; the examples of vitals.md on the wire', async () => {
    const h = await harness();
    const done = h.driver.measure();
    await settle();
    expect(h.written()).toEqual(['$BP,START,1*63\r\n']);
    expect(h.driver.state).toBe('starting');
    await h.send('$BP,ACK,1*6A\r\n');
    expect(h.driver.state).toBe('measuring');
    await h.send('$BP,P,1,INF,085*0F\r\n');
    await h.advance(200);
    await h.send('$BP,P,1,DEF,142*03\r\n');
    await h.send('$BP,R,1,mmHg,128,082,097,072,0000*54\r\n');
    const outcome = await done;
    expect(outcome).toMatchObject({
      kind: 'reading',
      reading: { seq: 1, systolic: 128, diastolic: 82, map: 97, pulse: 72, status: 0 },
    });
    expect(h.events.map((e) => e.type)).toEqual(['BP.STARTED', 'BP.READING']);
    expect(h.driver.state).toBe('idle');
    expect(h.written()).toEqual([]);
    expect(h.errors).toEqual([]);
    expect(h.live.flatMap((b) => b.samples.map((s) => `${s.phase}${s.pressure}`))).toEqual([
      'INF85',
      'DEF142',
    ]);
  });

  test('the next session gets seq 2; seq restarts at 1 on a new port', async () => {
    const h = await harness();
    const first = h.driver.measure();
    await settle();
    await h.send({ type: 'E', seq: 1, code: 'E03', text: 'MOTION' });
    expect(await first).toMatchObject({ kind: 'deviceError', code: 'E03', reason: 'motion' });
    h.written();
    void h.driver.measure();
    await settle();
    expect(h.written()).toEqual(['$BP,START,2*60\r\n']);

    const [host2, cuff2] = createMemoryTransportPair({ name: 'cuff-2' });
    await host2.open();
    await cuff2.open();
    const lines: string[] = [];
    cuff2.onData((c) => lines.push(String.fromCharCode(...c)));
    h.driver.attach(host2);
    void h.driver.measure();
    await settle();
    expect(lines).toEqual(['$BP,START,1*63\r\n']);
  });

  test('no ACK: START resent twice with the same seq, then noAck and a STOP for safety', async () => {
    const h = await harness();
    const done = h.driver.measure();
    await settle();
    expect(h.written()).toEqual(['$BP,START,1*63\r\n']);
    await h.advance(490);
    expect(h.written()).toEqual([]);
    await h.advance(10);
    expect(h.written()).toEqual(['$BP,START,1*63\r\n']);
    await h.advance(500);
    expect(h.written()).toEqual(['$BP,START,1*63\r\n']);
    await h.advance(500);
    expect(await done).toMatchObject({ kind: 'fault', fault: 'noAck', seq: 1 });
    expect(h.written()).toEqual(['$BP,STOP,1*3B\r\n']);
    expect(h.events.map((e) => e.type)).toEqual(['BP.FAULT']);
  });

  test('an ACK to the first resend ends the resends', async () => {
    const h = await harness();
    void h.driver.measure();
    await h.advance(500);
    expect(h.written()).toEqual(['$BP,START,1*63\r\n', '$BP,START,1*63\r\n']);
    await h.send('$BP,ACK,1*6A\r\n');
    await h.advance(2_000);
    expect(h.written()).toEqual([]);
    expect(h.driver.state).toBe('measuring');
  });

  test('a P before any ACK shows the cuff accepted START: no resend', async () => {
    const h = await harness();
    void h.driver.measure();
    await settle();
    h.written();
    await h.send('$BP,P,1,INF,085*0F\r\n');
    await h.advance(1_000);
    expect(h.written()).toEqual([]);
    expect(h.events.map((e) => e.type)).toEqual(['BP.STARTED']);
  });

  test('no P/R/E for 5 s: STOP and noProgress; ACK does not count as progress', async () => {
    const h = await harness();
    const done = h.driver.measure();
    await h.advance(100);
    await h.send('$BP,ACK,1*6A\r\n');
    h.written();
    await h.advance(4_890);
    expect(h.driver.state).toBe('measuring');
    await h.advance(20);
    expect(await done).toMatchObject({ kind: 'fault', fault: 'noProgress', seq: 1 });
    expect(h.written()).toEqual(['$BP,STOP,1*3B\r\n']);
    await h.send('$BP,ACK,1*6A\r\n');
    await h.advance(2_000);
    expect(h.written()).toEqual([]);
  });

  test('each P restarts the 5 s rule', async () => {
    const h = await harness();
    void h.driver.measure();
    await settle();
    await h.send('$BP,ACK,1*6A\r\n');
    for (let i = 0; i < 4; i++) {
      await h.advance(4_000);
      await h.send('$BP,P,1,INF,085*0F\r\n');
    }
    expect(h.driver.state).toBe('measuring');
  });

  test('sentences of another session are ignored (STALE_SEQ) and the session goes on', async () => {
    const h = await harness();
    const done = h.driver.measure();
    await settle();
    await h.send('$BP,ACK,1*6A\r\n');
    await h.send({
      type: 'R',
      seq: 65535,
      unit: 'mmHg',
      systolic: 111,
      diastolic: 77,
      map: 88,
      pulse: 66,
      status: 0,
    });
    await h.send({ type: 'E', seq: 7, code: 'E02', text: 'OVERPRESSURE' });
    expect(h.driver.state).toBe('measuring');
    expect(h.errors.map((e) => e.code)).toEqual(['STALE_SEQ', 'STALE_SEQ']);
    await h.send('$BP,R,1,mmHg,151,094,113,118,0009*54\r\n');
    const outcome = await done;
    expect(outcome).toMatchObject({ kind: 'reading', reading: { systolic: 151 } });
    // 0x0009: movement (retake advised) + pulse above the upper limit.
    expect(h.events.at(-1)).toMatchObject({ type: 'BP.RETRY', cause: 'movement' });
  });

  test('bad lines are dropped without a NAK', async () => {
    const h = await harness();
    void h.driver.measure();
    await settle();
    h.written();
    await h.send('$BP,ACK,1*6B\r\n'); // bad checksum
    await h.send('$BP,NAK,1*67\r\n'); // unknown type
    await h.send('$BP,ACK,1,2*74\r\n'); // wrong field count
    expect(h.errors.map((e) => e.code)).toEqual([
      'BAD_CHECKSUM',
      'UNKNOWN_TYPE',
      'BAD_FIELD_COUNT',
    ]);
    expect(h.written()).toEqual([]);
    expect(h.driver.state).toBe('starting');
  });

  test('one session at a time: a second measure() is refused as busy', async () => {
    const h = await harness();
    void h.driver.measure();
    const second = await h.driver.measure();
    expect(second).toMatchObject({ kind: 'fault', fault: 'busy' });
    await settle();
    expect(h.written()).toEqual(['$BP,START,1*63\r\n']);
  });

  test('abort(): STOP with the session seq, ACK → stopped; later sentences of it are ignored', async () => {
    const h = await harness();
    const done = h.driver.measure();
    await settle();
    await h.send('$BP,ACK,1*6A\r\n');
    h.written();
    const stopped = h.driver.abort();
    expect(await done).toEqual({ kind: 'aborted', seq: 1 });
    await settle();
    expect(h.written()).toEqual(['$BP,STOP,1*3B\r\n']);
    await h.send('$BP,ACK,1*6A\r\n');
    expect(await stopped).toEqual({ ok: true, value: 'stopped' });
    await h.send('$BP,P,1,DEF,142*03\r\n');
    expect(h.errors.map((e) => e.code)).toEqual(['STALE_SEQ']);
    expect(await h.driver.abort()).toEqual({ ok: true, value: 'idle' });
  });

  test('abort() without an ACK: STOP sent 3 times, then noAck', async () => {
    const h = await harness();
    void h.driver.measure();
    await settle();
    await h.send('$BP,ACK,1*6A\r\n');
    h.written();
    const stopped = h.driver.abort();
    await h.advance(1_500);
    expect(await stopped).toMatchObject({ ok: false, error: { fault: 'noAck' } });
    expect(h.written()).toEqual(['$BP,STOP,1*3B\r\n', '$BP,STOP,1*3B\r\n', '$BP,STOP,1*3B\r\n']);
  });

  test('commands go one at a time: a STOP waits for the START being resent', async () => {
    const h = await harness();
    void h.driver.measure();
    await settle();
    h.written();
    // abort() ends the session; the START stops being resent and the STOP goes out.
    const stopped = h.driver.abort();
    await settle();
    expect(h.written()).toEqual(['$BP,STOP,1*3B\r\n']);
    await h.send('$BP,ACK,1*6A\r\n');
    expect(await stopped).toEqual({ ok: true, value: 'stopped' });
  });

  test('the port is lost mid-session: fault lost, onLost, BP.LOST; measure() then refuses', async () => {
    const h = await harness();
    const lost: Error[] = [];
    h.driver.onLost((e) => lost.push(e));
    const done = h.driver.measure();
    await settle();
    await h.send('$BP,ACK,1*6A\r\n');
    await h.send('$BP,P,1,INF,085*0F\r\n');
    h.host.simulateLoss();
    expect(await done).toMatchObject({ kind: 'fault', fault: 'lost' });
    expect(lost).toHaveLength(1);
    expect(h.events.map((e) => e.type)).toEqual(['BP.STARTED', 'BP.FAULT', 'BP.LOST']);
    expect(await h.driver.measure()).toMatchObject({ kind: 'fault', fault: 'lost' });
    expect(h.clock.pendingTimers()).toBe(0);
  });

  test('closing during a session writes one STOP so the cuff deflates', async () => {
    const h = await harness();
    const done = h.driver.measure();
    await settle();
    await h.send('$BP,ACK,1*6A\r\n');
    h.written();
    await h.driver.close();
    await settle();
    expect(h.written()).toEqual(['$BP,STOP,1*3B\r\n']);
    expect(await done).toMatchObject({ kind: 'fault', fault: 'notOpen' });
  });

  test('live pressures are batched', async () => {
    const h = await harness({ liveBatchMs: 500 });
    void h.driver.measure();
    await settle();
    await h.send('$BP,ACK,1*6A\r\n');
    for (let p = 10; p <= 50; p += 10) {
      await h.send({ type: 'P', seq: 1, phase: 'INF', pressure: p });
      await h.advance(200);
    }
    await h.advance(500);
    expect(h.live.length).toBe(2);
    expect(h.live[0]?.samples.length).toBeGreaterThan(1);
    expect(h.live.flatMap((b) => b.samples.map((s) => s.pressure)).slice(0, 5)).toEqual([
      10, 20, 30, 40, 50,
    ]);
  });
});

describe('bp-cuff driver outcomes from R and E (vitals.md §C)', () => {
  test.each<[string, string, Partial<BpOutcome>, Partial<BpMachineEvent>]>([
    [
      'E01 leak',
      '$BP,E,1,E01,LEAK*',
      { kind: 'deviceError', reason: 'leak' },
      { type: 'BP.RETRY', cause: 'leak' },
    ],
    [
      'E02',
      '$BP,E,1,E02,OVERPRESSURE*2A',
      { kind: 'deviceError', reason: 'overPressure' },
      { type: 'BP.FAULT', cause: 'overPressure' },
    ],
    [
      'dia ≥ sys',
      '$BP,R,1,mmHg,120,130,125,072,0000*',
      { kind: 'rejected' },
      { type: 'BP.RETRY', cause: 'implausible' },
    ],
    [
      'kPa',
      '$BP,R,1,kPa,017,011,013,072,0000*',
      { kind: 'rejected' },
      { type: 'BP.FAULT', cause: 'unit' },
    ],
    [
      'irregular pulse kept',
      '$BP,R,1,mmHg,128,082,097,072,0004*',
      { kind: 'reading' },
      { type: 'BP.READING' },
    ],
    [
      'pulse below range kept',
      '$BP,R,1,mmHg,128,082,097,072,0010*',
      { kind: 'reading' },
      { type: 'BP.READING' },
    ],
    [
      'cuff loose bit',
      '$BP,R,1,mmHg,128,082,097,072,0002*',
      { kind: 'reading' },
      { type: 'BP.RETRY', cause: 'cuffLoose' },
    ],
  ])('%s', async (_name, partial, outcome, event) => {
    const h = await harness();
    const done = h.driver.measure();
    await settle();
    await h.send('$BP,ACK,1*6A\r\n');
    // Complete the checksum when the table left it open.
    const line = partial.endsWith('*')
      ? `${partial}${(() => {
          let x = 0;
          for (const c of partial.slice(1, -1)) x ^= c.charCodeAt(0);
          return x.toString(16).toUpperCase().padStart(2, '0');
        })()}`
      : partial;
    await h.send(`${line}\r\n`);
    expect(await done).toMatchObject(outcome);
    expect(h.events.at(-1)).toMatchObject(event);
  });
});
