import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEphemeralDeviceKey } from '../../main/keys/device-key';
import { publicKeyFromJwk } from '../../main/keys/es256';
import {
  parseSignedRequest,
  signRequest,
  verifyRequestSignature,
  type ReceivedRequest,
  type SignedHeaders,
} from '../../main/sync/http-message-signature';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const NOW = new Date('2025-03-04T10:20:30.456Z');
const SKEW = 5 * 60_000;
const NONCE = 'n0nce-abcdefghijklmnop';
const request = {
  method: 'POST',
  path: '/api/v1/kiosks/k-abc/events',
  body: new TextEncoder().encode('{"events":[]}'),
};

function signed(
  overrides: Partial<ReceivedRequest> = {},
  headerEdits: Partial<Record<keyof SignedHeaders, string | undefined>> = {},
): ReceivedRequest {
  const headers: Record<string, string | undefined> = {
    ...signRequest(request, { privateKey, keyId: 'k-abc' }, NOW, NONCE),
  };
  for (const [name, value] of Object.entries(headerEdits)) headers[name] = value;
  return { ...request, headers, ...overrides };
}

function check(req: ReceivedRequest) {
  const parsed = parseSignedRequest(req, NOW, SKEW);
  return { parsed, verified: verifyRequestSignature(req, publicKey) };
}

describe('HTTP message signatures (RFC 9421, ES256)', () => {
  it('round-trips: parses the key id, nonce, created and date, and verifies', () => {
    const { parsed, verified } = check(signed());
    expect(parsed).toEqual({
      ok: true,
      value: {
        keyId: 'k-abc',
        nonce: NONCE,
        created: Math.floor(NOW.getTime() / 1000),
        date: new Date('2025-03-04T10:20:30.000Z'),
      },
    });
    expect(verified).toBe(true);
  });

  it('writes the headers and the signature base RFC 9421 §2.5 describes', () => {
    const headers = signRequest(request, { privateKey, keyId: 'k-abc' }, NOW, NONCE);
    const digest = createHash('sha256').update(request.body).digest('base64');
    expect(headers['content-digest']).toBe(`sha-256=:${digest}:`);
    expect(headers.date).toBe('Tue, 04 Mar 2025 10:20:30 GMT');
    const params = `("@method" "@path" "content-digest" "date");created=1741083630;nonce="${NONCE}";keyid="k-abc";alg="ecdsa-p256-sha256"`;
    expect(headers['signature-input']).toBe(`sig1=${params}`);
    const base = [
      '"@method": POST',
      '"@path": /api/v1/kiosks/k-abc/events',
      `"content-digest": sha-256=:${digest}:`,
      '"date": Tue, 04 Mar 2025 10:20:30 GMT',
      `"@signature-params": ${params}`,
    ].join('\n');
    const match = /^sig1=:([A-Za-z0-9+/=]+):$/.exec(headers.signature);
    expect(match).not.toBeNull();
    const signature = Buffer.from(match?.[1] ?? '', 'base64');
    expect(signature).toHaveLength(64);
    // Checked with node:crypto directly, not with the module's own verifier.
    expect(
      verify('sha256', Buffer.from(base), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature),
    ).toBe(true);
  });

  it('signs with a DeviceKey, which offers only sign()', () => {
    const device = createEphemeralDeviceKey();
    const headers = signRequest(request, { sign: device.sign, keyId: 'k-dev' }, NOW);
    const req = { ...request, headers };
    const parsed = parseSignedRequest(req, NOW, SKEW);
    expect(parsed.ok && parsed.value.keyId).toBe('k-dev');
    expect(parsed.ok && parsed.value.nonce.length).toBeGreaterThanOrEqual(16);
    expect(verifyRequestSignature(req, publicKeyFromJwk(device.publicJwk))).toBe(true);
    expect(verifyRequestSignature(req, publicKey)).toBe(false);
  });

  it('makes a fresh random nonce per request when none is given', () => {
    const a = signRequest(request, { privateKey, keyId: 'k' }, NOW);
    const b = signRequest(request, { privateKey, keyId: 'k' }, NOW);
    expect(a['signature-input']).not.toBe(b['signature-input']);
  });

  it('fails with another key', () => {
    expect(verifyRequestSignature(signed(), createPublicKey(other.privateKey))).toBe(false);
  });

  describe('every tampered field fails', () => {
    const good = signed();
    const headers = good.headers as Record<string, string>;
    const cases: [string, ReceivedRequest][] = [
      ['method', { ...good, method: 'PUT' }],
      ['path', { ...good, path: '/api/v1/kiosks/k-abd/events' }],
      ['body', { ...good, body: new TextEncoder().encode('{"events":[1]}') }],
      [
        'date (one second later)',
        { ...good, headers: { ...headers, date: 'Tue, 04 Mar 2025 10:20:31 GMT' } },
      ],
      [
        'digest (of another body, with that body)',
        {
          ...good,
          body: new TextEncoder().encode('{}'),
          headers: {
            ...headers,
            'content-digest': `sha-256=:${createHash('sha256').update('{}').digest('base64')}:`,
          },
        },
      ],
      [
        'nonce',
        {
          ...good,
          headers: {
            ...headers,
            'signature-input': headers['signature-input']!.replace(NONCE, 'another-nonce-abcdefg'),
          },
        },
      ],
      [
        'keyid',
        {
          ...good,
          headers: {
            ...headers,
            'signature-input': headers['signature-input']!.replace('k-abc', 'k-abd'),
          },
        },
      ],
      [
        'created',
        {
          ...good,
          headers: {
            ...headers,
            'signature-input': headers['signature-input']!.replace(
              'created=1741083630',
              'created=1741083631',
            ),
          },
        },
      ],
      [
        'signature bytes',
        {
          ...good,
          headers: {
            ...headers,
            signature: `sig1=:${Buffer.alloc(64, 7).toString('base64')}:`,
          },
        },
      ],
    ];
    it.each(cases)('%s', (_name, req) => {
      expect(verifyRequestSignature(req, publicKey)).toBe(false);
    });
  });

  it('refuses a body that does not match its digest before any key is looked up', () => {
    const { parsed } = check({ ...signed(), body: new TextEncoder().encode('x') });
    expect(parsed).toMatchObject({
      ok: false,
      error: { code: 'bad_signature', message: 'content-digest does not match the body' },
    });
  });

  it.each([['content-digest'], ['date'], ['signature-input'], ['signature']] as const)(
    'refuses a request without %s',
    (name) => {
      const { parsed, verified } = check(signed({}, { [name]: undefined }));
      expect(parsed).toMatchObject({
        ok: false,
        error: { code: 'bad_signature', message: `missing ${name} header` },
      });
      expect(verified).toBe(false);
    },
  );

  it('refuses a signature that does not cover the body digest (or covers anything else)', () => {
    const headers = signed().headers as Record<string, string>;
    for (const components of [
      '("@method" "@path" "date")',
      '("@method" "@path" "date" "content-digest")',
      '("@method" "@path" "content-digest" "date" "content-type")',
      '("@method" "@path" "content-digest" "date";sf)',
    ]) {
      const input = headers['signature-input']!.replace(/\([^)]*\)/, components);
      const { parsed, verified } = check({
        ...signed(),
        headers: { ...headers, 'signature-input': input },
      });
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.error.message).toMatch(/must cover exactly/);
      expect(verified).toBe(false);
    }
  });

  it.each([
    ['another alg', (s: string) => s.replace('ecdsa-p256-sha256', 'ed25519'), /alg must be/],
    ['no alg', (s: string) => s.replace(';alg="ecdsa-p256-sha256"', ''), /alg must be/],
    ['a short nonce', (s: string) => s.replace(NONCE, 'short'), /nonce must be/],
    ['no keyid', (s: string) => s.replace(';keyid="k-abc"', ''), /keyid/],
    ['an extra parameter', (s: string) => `${s};expires=1`, /unexpected parameter "expires"/],
    ['another label', (s: string) => s.replace('sig1=', 'sig2='), /no sig1 member/],
    ['a decimal created', (s: string) => s.replace('created=1741083630', 'created=1.5'), /created/],
  ])('refuses signature-input with %s', (_name, edit, message) => {
    const headers = signed().headers as Record<string, string>;
    const { parsed, verified } = check({
      ...signed(),
      headers: { ...headers, 'signature-input': edit(headers['signature-input']!) },
    });
    expect(parsed).toMatchObject({ ok: false, error: { code: 'bad_signature' } });
    expect(!parsed.ok && parsed.error.message).toMatch(message);
    expect(verified).toBe(false);
  });

  it('answers stale_date for a date outside the window, either side', () => {
    for (const offset of [SKEW + 2000, -(SKEW + 2000)]) {
      const req = {
        ...request,
        headers: {
          ...signRequest(
            request,
            { privateKey, keyId: 'k' },
            new Date(NOW.getTime() + offset),
            NONCE,
          ),
        },
      };
      const parsed = parseSignedRequest(req, NOW, SKEW);
      expect(parsed).toMatchObject({ ok: false, error: { code: 'stale_date' } });
      // Still a valid signature: staleness is the window's business, not the signature's.
      expect(verifyRequestSignature(req, publicKey)).toBe(true);
    }
    const inside = {
      ...request,
      headers: {
        ...signRequest(request, { privateKey, keyId: 'k' }, new Date(NOW.getTime() - SKEW + 2000)),
      },
    };
    expect(parseSignedRequest(inside, NOW, SKEW).ok).toBe(true);
  });

  it('reads headers case-insensitively and combines repeated ones', () => {
    const headers = signed().headers as Record<string, string>;
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifyRequestSignature({ ...request, headers: upper }, publicKey)).toBe(true);
    const repeated = { ...headers, signature: [headers.signature!, 'sig2=:AAAA:'] };
    expect(verifyRequestSignature({ ...request, headers: repeated }, publicKey)).toBe(true);
  });

  it('never throws on garbage headers', () => {
    const garbage = [
      '',
      ' ',
      '"',
      '=',
      'sig1',
      'sig1=',
      'sig1=:not base64!:',
      'sig1=("@method"',
      'sig1=(((((',
      'sig1=:AAAA:',
      'sig1=1',
      'sig1=?1',
      'sig1=@12345',
      'sig1=%"x"',
      'sha-256=:AAAA:',
      'sha-256=1',
      'sha-256=("a")',
      '\u0000\u00ff\uffff',
      'x'.repeat(100_000),
      'Tue, 04 Mar 2025 25:99:99 GMT',
      'Tue, 32 Foo 2025 10:20:30 GMT',
    ];
    const names = ['content-digest', 'date', 'signature-input', 'signature'] as const;
    for (const name of names) {
      for (const value of garbage) {
        const req = signed({}, { [name]: value });
        expect(() => parseSignedRequest(req, NOW, SKEW)).not.toThrow();
        expect(() => verifyRequestSignature(req, publicKey)).not.toThrow();
        const parsed = parseSignedRequest(req, NOW, SKEW);
        expect(parsed.ok).toBe(false);
        expect(verifyRequestSignature(req, publicKey)).toBe(false);
      }
    }
    expect(() =>
      parseSignedRequest({ ...request, headers: { signature: [] } }, NOW, SKEW),
    ).not.toThrow();
  });
});
