import { describe, expect, it } from 'vitest';
import type { Clock } from '../../contracts/clock';
import { HUB_ROUTES, type HubErrorCode } from '../../contracts/hub-api';
import { createEphemeralDeviceKey } from '../../main/keys/device-key';
import { createShortCodeResolver } from '../../main/sync/resolve-short-code';

/**
 * The kiosk's short-code lookup (main/sync/resolve-short-code.ts) against a scripted hub: each
 * answer of the hub becomes what the session machine understands, hub refusals are journaled as
 * RX_REFUSED without the code, and a kiosk the hub cannot serve tells the patient to call.
 */

const CODE = 'OD-7KQ2-9F3M';
const TOKEN = `shc:/${'5'.repeat(120)}`;
const clock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

type Answer = { status: number; body: unknown } | 'unreachable';

function rig(answers: Answer[]) {
  const requests: { url: string; body: string; headers: Record<string, string> }[] = [];
  const journaled: { type: string; data: unknown }[] = [];
  const logged: unknown[] = [];
  const fetch = (async (url: URL, init: RequestInit) => {
    requests.push({
      url: String(url),
      body: new TextDecoder().decode(init.body as Uint8Array),
      headers: init.headers as Record<string, string>,
    });
    const answer = answers.shift();
    if (answer === undefined || answer === 'unreachable')
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json', date: new Date().toUTCString() },
    });
  }) as unknown as typeof globalThis.fetch;
  const log = (...args: unknown[]) => void logged.push(args);
  const resolve = createShortCodeResolver({
    hub: { hubUrl: 'http://hub.test', kioskId: 'kiosk-1', signer: createEphemeralDeviceKey() },
    clock,
    journal: {
      append: async (type: string, data: unknown) => {
        journaled.push({ type, data });
        return {} as never;
      },
    } as never,
    logger: { info: log, warn: log } as never,
    fetch,
  });
  return { resolve, requests, journaled, logged };
}

const refusal = (status: number, error: HubErrorCode): Answer => ({
  status,
  body: { error, message: `refused: ${error}` },
});

describe('resolving a typed short code through the hub', () => {
  it('sends the code, signed, to the kiosk’s short-code route and hands back the QR text', async () => {
    const { resolve, requests, journaled } = rig([
      { status: 200, body: { token: TOKEN, hubTime: Date.now() } },
    ]);
    expect(await resolve(CODE)).toEqual({ ok: true, text: TOKEN });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe(`http://hub.test${HUB_ROUTES.shortCode('kiosk-1')}`);
    expect(JSON.parse(requests[0]!.body)).toEqual({ code: CODE });
    expect(requests[0]!.headers.signature).toMatch(/^sig1=:/);
    expect(journaled).toEqual([]);
  });

  it('an unknown code is not_found, for the patient to correct', async () => {
    const { resolve } = rig([refusal(404, 'unknown_code')]);
    expect(await resolve(CODE)).toEqual({ ok: false, reason: 'not_found' });
  });

  it.each([
    [410, 'revoked'],
    [403, 'wrong_kiosk'],
  ] as const)(
    'a %i %s is a refusal, journaled as RX_REFUSED without the code',
    async (status, error) => {
      const { resolve, journaled } = rig([refusal(status, error)]);
      const resolved = await resolve(CODE);
      expect(resolved).toMatchObject({ ok: false, reason: 'refused', refusal: error });
      expect(journaled).toHaveLength(1);
      expect(journaled[0]).toMatchObject({ type: 'RX_REFUSED', data: { reason: error } });
      expect(JSON.stringify(journaled)).not.toContain(CODE);
    },
  );

  it.each<[string, Answer[]]>([
    ['no answer', ['unreachable']],
    ['the kiosk revoked on the hub', [refusal(403, 'revoked_kiosk')]],
    ['a 5xx', [{ status: 503, body: { error: 'internal', message: 'down' } }]],
    ['an answer outside the contract', [{ status: 200, body: { token: 'not a qr' } }]],
  ])('%s: offline, the patient is told to call the pharmacist', async (_, answers) => {
    const { resolve, journaled } = rig(answers);
    expect(await resolve(CODE)).toEqual({ ok: false, reason: 'offline' });
    expect(journaled).toEqual([]);
  });

  it('too many unknown codes from this kiosk (429): the patient is told to wait, nothing journaled', async () => {
    const { resolve, journaled } = rig([refusal(429, 'rate_limited')]);
    expect(await resolve(CODE)).toEqual({ ok: false, reason: 'too_many' });
    expect(journaled).toEqual([]);
  });

  it('retries once after stale_date, dated with the hub’s clock it just learned', async () => {
    const { resolve, requests } = rig([
      refusal(401, 'stale_date'),
      { status: 200, body: { token: TOKEN, hubTime: Date.now() } },
    ]);
    expect(await resolve(CODE)).toEqual({ ok: true, text: TOKEN });
    expect(requests).toHaveLength(2);
  });

  it('before enrollment there is no hub to ask: offline, without a request', async () => {
    const resolve = createShortCodeResolver({
      hub: null,
      clock,
      journal: { append: async () => ({}) as never } as never,
      logger: { info: () => {}, warn: () => {} },
    });
    expect(await resolve(CODE)).toEqual({ ok: false, reason: 'offline' });
  });

  it('never logs the code or the token', async () => {
    const { resolve, logged } = rig([
      { status: 200, body: { token: TOKEN, hubTime: Date.now() } },
      refusal(404, 'unknown_code'),
      refusal(410, 'revoked'),
      'unreachable',
    ]);
    for (let i = 0; i < 4; i++) await resolve(CODE);
    expect(logged.length).toBeGreaterThan(0);
    const text = JSON.stringify(logged);
    expect(text).not.toContain(CODE);
    expect(text).not.toContain('shc:/');
  });
});
