import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../contracts/clock';
import { HUB_ROUTES } from '../../contracts/hub-api';
import { createEphemeralDeviceKey } from '../../main/keys';
import { publicJwkOf } from '../../main/prescriptions/es256-key-file';
import { openListStore, type ListStore } from '../../main/prescriptions/list-store';
import { emptyRevocationList } from '../../main/prescriptions/revocation-list';
import { signSignedList } from '../../main/prescriptions/signed-list';
import { AcknowledgementTracker } from '../../main/sync/acknowledgement-tracker';
import { applyDownloads, heldVersions, KeptDownloads } from '../../main/sync/apply-downloads';
import { createHubClient, hubUrlFor } from '../../main/sync/hub-client';
import { parseSignedRequest, verifyRequestSignature } from '../../main/sync/http-message-signature';
import { publicKeyFromJwk } from '../../main/keys/es256';

const reading = (seq: number) => ({
  seq,
  type: 'CABINET_READING',
  data: { temperatureC: 20, setpointC: 20, door: 'closed', temperatureControl: 'ok' },
});
const stamp = (seq: number) => ({ seq, type: 'SYNC_COMPLETED', data: { at: 1, source: 'hub' } });
const ack = (seq: number) => ({
  seq,
  type: 'FILLS_ACKNOWLEDGED',
  data: { upToSeq: seq - 1, source: 'hub' },
});

describe('AcknowledgementTracker', () => {
  it("counts only other events as news, never the agent's own bookkeeping", () => {
    const t = new AcknowledgementTracker(0);
    t.hubCursor(0);
    for (let seq = 1; seq <= 10; seq++) t.see(reading(seq));
    expect(t.hasNews()).toBe(false); // seen, not yet held by the hub
    t.stored(10);
    expect(t.hasNews()).toBe(true);
    t.acknowledged(10);
    expect(t.hasNews()).toBe(false);

    // The agent's own two events, uploaded by the next round: no news.
    t.see(ack(11));
    t.see(stamp(12));
    t.stored(12);
    expect(t.hasNews()).toBe(false);

    // A test's acknowledgement is not the agent's own.
    t.see({ seq: 13, type: 'FILLS_ACKNOWLEDGED', data: { upToSeq: 1, source: 'test' } });
    t.stored(13);
    expect(t.hasNews()).toBe(true);
  });

  it('counts events the hub held before this process first asked as news (they were never seen)', () => {
    const restarted = new AcknowledgementTracker(100);
    restarted.hubCursor(105);
    expect(restarted.hasNews()).toBe(true);

    const upToDate = new AcknowledgementTracker(100);
    upToDate.hubCursor(100);
    expect(upToDate.hasNews()).toBe(false);
  });

  it('an answer lost after the hub stored a batch still ends in news at the next cursor', () => {
    const t = new AcknowledgementTracker(0);
    t.hubCursor(0);
    t.see(reading(1));
    t.see(reading(2));
    // No `stored` call: the answer was lost. The next round's cursor says the hub holds them.
    t.hubCursor(2);
    expect(t.hasNews()).toBe(true);
  });
});

describe('hubUrlFor', () => {
  it('keeps a path prefix of the hub URL', () => {
    expect(hubUrlFor('http://hub:8440', HUB_ROUTES.enroll).href).toBe(
      'http://hub:8440/api/v1/enroll',
    );
    expect(hubUrlFor('https://example.org/pharmacy', HUB_ROUTES.events('k-1')).pathname).toBe(
      '/pharmacy/api/v1/kiosks/k-1/events',
    );
  });
});

describe('hub client', () => {
  const key = createEphemeralDeviceKey();
  const clock = createManualClock(Date.UTC(2026, 2, 1, 12));

  function clientAnswering(answer: () => Response | Promise<Response>) {
    const seen: Request[] = [];
    const client = createHubClient({
      hubUrl: 'http://hub.test',
      kioskId: 'k-abc',
      signer: key,
      clock,
      fetch: async (input, init) => {
        seen.push(new Request(input, init));
        return answer();
      },
    });
    return { client, seen };
  }
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });

  it('signs each request so the hub can verify it with the device key', async () => {
    const { client, seen } = clientAnswering(() =>
      json(200, { downloads: [], storedUpToSeq: 7, hubTime: clock.now() + 1_000 }),
    );
    const answer = await client.downloads({ trust: 3 });
    expect(answer).toMatchObject({ ok: true, value: { body: { storedUpToSeq: 7 } } });
    const request = seen[0]!;
    const body = new Uint8Array(await request.arrayBuffer());
    const received = {
      method: request.method,
      path: new URL(request.url).pathname,
      body,
      headers: Object.fromEntries(request.headers),
    };
    const parsed = parseSignedRequest(received, new Date(clock.now()), 300_000);
    expect(parsed).toMatchObject({ ok: true, value: { keyId: 'k-abc' } });
    expect(verifyRequestSignature(received, publicKeyFromJwk(key.publicJwk))).toBe(true);
    expect(JSON.parse(new TextDecoder().decode(body))).toEqual({ have: { trust: 3 } });
    // The hub's clock was learnt: the next request is dated with it.
    expect(client.dateOffsetMs).toBe(1_000);
  });

  it('returns a contract refusal as a value, with the hub position on a gap', async () => {
    const { client } = clientAnswering(() =>
      json(409, { error: 'gap', message: 'send from 5', lastSeq: 4 }),
    );
    expect(await client.uploadEvents([])).toEqual({
      ok: false,
      error: {
        kind: 'refused',
        status: 409,
        error: { error: 'gap', message: 'send from 5', lastSeq: 4 },
      },
    });
  });

  it('learns the hub clock from the Date header of a stale_date refusal', async () => {
    const hubNow = clock.now() + 20 * 60_000;
    const { client } = clientAnswering(() =>
      json(
        401,
        { error: 'stale_date', message: 'date is 1200 s off' },
        { date: new Date(hubNow).toUTCString() },
      ),
    );
    const answer = await client.downloads({});
    expect(answer).toMatchObject({ ok: false, error: { kind: 'refused', status: 401 } });
    expect(Math.abs(client.dateOffsetMs - 20 * 60_000)).toBeLessThan(1_000);
  });

  it('treats no answer, a 5xx and a reset as network failures', async () => {
    const reset = clientAnswering(() => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
      });
    });
    expect(await reset.client.downloads({})).toEqual({
      ok: false,
      error: { kind: 'network', message: 'fetch failed: UND_ERR_SOCKET other side closed' },
    });
    const down = clientAnswering(() => new Response('bad gateway', { status: 502 }));
    expect(await down.client.downloads({})).toEqual({
      ok: false,
      error: { kind: 'network', message: 'hub answered 502' },
    });
  });

  it('refuses an answer that does not fit the contract', async () => {
    const { client } = clientAnswering(() => json(200, { storedUpToSeq: 'many', hubTime: 1 }));
    expect(await client.uploadEvents([])).toMatchObject({
      ok: false,
      error: { kind: 'bad_answer', status: 200, message: expect.stringMatching(/storedUpToSeq/) },
    });
    const other = clientAnswering(() => new Response('<html>proxy error</html>', { status: 404 }));
    expect(await other.client.uploadEvents([])).toMatchObject({
      ok: false,
      error: { kind: 'bad_answer', status: 404 },
    });
  });

  it('gives up on a request without an answer after the timeout, on the injected clock', async () => {
    const timed = createManualClock();
    const client = createHubClient({
      hubUrl: 'http://hub.test',
      kioskId: 'k-abc',
      signer: key,
      clock: timed,
      timeoutMs: 5_000,
      fetch: (_input, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
    });
    const pending = client.downloads({});
    timed.advance(5_000);
    expect(await pending).toEqual({
      ok: false,
      error: { kind: 'network', message: 'no answer from the hub within 5000 ms' },
    });
  });
});

describe('applyDownloads', () => {
  const root = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  let dir: string;
  let lists: ListStore;
  const appended: { type: string; data: unknown }[] = [];
  const journal = {
    append: async (type: string, data: unknown) => {
      appended.push({ type, data });
      return { seq: appended.length } as never;
    },
  };
  const logLines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'apply-downloads-'));
    const opened = await openListStore({ dir, rootPublicJwk: publicJwkOf(root) });
    if (!opened.ok) throw new Error(opened.error);
    lists = opened.value.store;
    appended.length = 0;
    logLines.length = 0;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const revocation = (version: number, key = root) => {
    const signed = signSignedList(
      'revocation',
      { ...emptyRevocationList(version, 1_000, 2_000_000_000), jtis: ['secret-jti'] },
      key,
    );
    if (!signed.ok) throw new Error(signed.error.detail);
    return { kind: 'revocation' as const, version, jws: signed.value };
  };

  it('installs the lists the kiosk knows, journals them, keeps the other kinds by version', async () => {
    const kept = new KeptDownloads();
    const config = { kind: 'config' as const, version: 4, jws: 'eyJ.config.jws' };
    const result = await applyDownloads({ journal, lists, kept, logger }, [
      revocation(2),
      config,
      revocation(1),
    ]);
    expect(result).toEqual({
      installed: [{ kind: 'revocation', version: 2 }],
      refused: [],
      kept: [{ kind: 'config', version: 4 }],
    });
    expect(appended).toEqual([
      {
        type: 'LIST_INSTALLED',
        data: expect.objectContaining({ kind: 'revocation', version: 2 }),
      },
    ]);
    expect(kept.get('config')).toEqual(config);
    expect(heldVersions(lists, kept)).toEqual({ revocation: 2, config: 4 });
    // Logged by kind and version only, never by content.
    expect(logLines.join('')).not.toMatch(/secret-jti|eyJ/);

    // An older copy of a kept kind changes nothing.
    await applyDownloads({ journal, lists, kept, logger }, [{ ...config, version: 3 }]);
    expect(kept.get('config')?.version).toBe(4);
  });

  it('refuses a list not signed by the root key, and journals nothing for it', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const result = await applyDownloads({ journal, lists, kept: new KeptDownloads(), logger }, [
      revocation(5, other),
    ]);
    expect(result.installed).toEqual([]);
    expect(result.refused).toEqual([
      { kind: 'revocation', version: 5, detail: expect.stringMatching(/revocation list/) },
    ]);
    expect(appended).toEqual([]);
    expect(lists.current('revocation')).toBeUndefined();
  });
});
