/**
 * `node --import tsx scripts/make-bad-tokens.ts [--out DIR] [--new-keys]`: writes the bad-token
 * fixtures of prescription-token.md §6 (and every reason code the offline verifier and its state
 * checks can give) into test/fixtures/rx-bad/, one `<name>.json` per case:
 *   { description, qrText, expectedReason, context }
 * where `context` is what to verify it under: the signed lists to install in order (with what
 * the install must answer: a roll-back or a forged list is refused), the fill ledger, the clock
 * and the kiosk. `valid-*.json` are controls the same context must accept (expectedReason null).
 *
 * Re-running: the claims, token id, salt and clock are fixed, and the TEST-ONLY keys in
 * `<out>/keys/` are reused when present (`--new-keys` makes new ones), so a re-run reproduces
 * every fixture except the ECDSA signature bytes (node signs with a random nonce; P-256 keys
 * cannot be derived from a seed here). Every expected reason stays the same.
 */
import { createHmac, createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, readdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { jwkThumbprint } from '../main/keys/jwk-thumbprint';
import { buildPrescriptionPayload } from '../main/prescriptions/build-payload';
import { publicJwkOf } from '../main/prescriptions/es256-key-file';
import { computePatientCheck, PATIENT_CHECK_SYSTEM } from '../main/prescriptions/patient-check';
import type { ReasonCode } from '../main/prescriptions/reasons';
import type { RefillList } from '../main/prescriptions/refill-list';
import type { RevocationList } from '../main/prescriptions/revocation-list';
import {
  signSignedList,
  type SignedListKind,
  type SignedListPayload,
} from '../main/prescriptions/signed-list';
import type { TokenClaims } from '../main/prescriptions/token-payload';
import { createTrustList, type TrustList } from '../main/prescriptions/trust';
import {
  ISS,
  KIOSK,
  NOW,
  NOW_S,
  SITE,
  b64,
  editable,
  forgeJws,
  rawDeflate,
  toQr,
  zlibDeflate,
  type TestIssuer,
} from '../test/fixtures/prescriptions/token-forge';

const DAY_S = 86_400;
const DAY_MS = DAY_S * 1000;
/** Fixed so re-runs give the same claims. Fictitious. */
const JTI = '3f1c2a9e-6b7d-4e21-9a0c-5d8e7f6a1b2c';
const RID = 'rid-0001';
const SALT = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
const PATIENT = { initials: 'JD', birthDate: '1971-08-30', pin: '135790' } as const;

// ---------------------------------------------------------------------------------------------
// Keys (TEST ONLY)

const KEY_NAMES = ['issuer', 'other-issuer', 'root', 'other-root'] as const;
type KeyName = (typeof KEY_NAMES)[number];
type Keys = Record<KeyName, TestIssuer>;

const KEYS_README = `# TEST ONLY keys

These P-256 key pairs exist only to sign the bad-token fixtures in the directory above
(scripts/make-bad-tokens.ts). They are published on purpose, protect nothing, and must never be
trusted by a real kiosk, hub or issuer. \`root.public.jwk\` is the root key the fixture test
configures its list store with.
`;

function issuerFrom(privateKey: KeyObject): TestIssuer {
  const jwk = publicJwkOf(privateKey);
  return { privateKey, jwk, kid: jwkThumbprint(jwk) };
}

async function loadOrMakeKeys(dir: string, fresh: boolean): Promise<Keys> {
  await mkdir(dir, { recursive: true });
  const keys = {} as Keys;
  for (const name of KEY_NAMES) {
    const file = path.join(dir, `${name}.private.jwk`);
    let privateKey: KeyObject | undefined;
    if (!fresh) {
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text !== undefined) {
        privateKey = createPrivateKey({
          key: JSON.parse(text) as Record<string, string>,
          format: 'jwk',
        });
      }
    }
    if (!privateKey) {
      privateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      const jwk = {
        ...privateKey.export({ format: 'jwk' }),
        TEST_ONLY: 'fixture key, never trust',
      };
      await writeFile(file, `${JSON.stringify(jwk, null, 2)}\n`);
    }
    keys[name] = issuerFrom(privateKey);
    await writeFile(
      path.join(dir, `${name}.public.jwk`),
      `${JSON.stringify({ ...keys[name].jwk, kid: keys[name].kid }, null, 2)}\n`,
    );
  }
  await writeFile(path.join(dir, 'README.md'), KEYS_README);
  return keys;
}

// ---------------------------------------------------------------------------------------------
// Fixture shape

type InstallExpect =
  'installed' | 'rollback' | 'same_version' | 'bad_signature' | 'unknown_kid' | 'wrong_type';

interface Install {
  kind: SignedListKind;
  jws: string;
  expect: InstallExpect;
}

interface Ledger {
  fills: Record<string, { count: number; lastAt: string; lastSeq: number }>;
  acknowledgedSeq: number;
}

interface ClockContext {
  now: number;
  lastSeenTime?: number;
  lastSuccessfulSync?: number;
  offlineWindowDays: number;
  rtcSet?: boolean;
}

interface Context {
  installs: Install[];
  ledger: Ledger;
  clock: ClockContext;
  kioskId: string;
  siteId: string;
  timeZone: string;
}

interface Fixture {
  description: string;
  qrText: string;
  expectedReason: ReasonCode | null;
  context: Context;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      'new-keys': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log('Usage: node --import tsx scripts/make-bad-tokens.ts [--out DIR] [--new-keys]');
    return;
  }
  const out = path.resolve(values.out ?? 'test/fixtures/rx-bad');
  const keys = await loadOrMakeKeys(path.join(out, 'keys'), values['new-keys'] === true);
  const issuer = keys.issuer;

  // --- the good token and its context ---------------------------------------------------------
  const built = buildPrescriptionPayload(
    {
      issuer: ISS,
      jti: JTI,
      rid: RID,
      notBefore: NOW_S - 3600,
      patient: PATIENT,
      medication: { display: 'Amlodipine 5 mg tablets', gtin: '09506000134352' },
      dose: 'Take one tablet each morning',
      packsPerFill: 2,
      fills: 2,
      expectedSupplyDays: 30,
      validity: { start: '2026-03-01', end: '2026-06-30' },
      binding: { kioskIds: [KIOSK], siteIds: [SITE] },
      prescriber: { display: 'Dr. Test' },
    },
    NOW,
  );
  if (!built.ok) throw new Error(built.error.issues.join('; '));
  // A fixed salt, so the payload (and every fixture built from it) is the same on each run.
  const patientEntry: Record<string, unknown> | undefined =
    built.value.vc.credentialSubject.fhirBundle.entry[0]?.resource;
  if (patientEntry?.resourceType !== 'Patient') throw new Error('entry 0 is not the Patient');
  patientEntry.identifier = [
    {
      system: PATIENT_CHECK_SYSTEM,
      value: computePatientCheck(PATIENT.birthDate, PATIENT.pin, SALT),
    },
  ];
  const base: TokenClaims = built.value;
  const claims = (edit?: (c: ReturnType<typeof editable>) => void) => {
    const c = editable(base);
    edit?.(c);
    return c;
  };
  const mr = (c: ReturnType<typeof editable>): Record<string, unknown> =>
    c.vc.credentialSubject.fhirBundle.entry[1]?.resource as Record<string, unknown>;
  const dispense = (c: ReturnType<typeof editable>): Record<string, unknown> =>
    mr(c).dispenseRequest as Record<string, unknown>;

  const goodJws = forgeJws(issuer, base);
  const good = toQr(goodJws);

  const signList = <K extends SignedListKind>(
    kind: K,
    payload: SignedListPayload<K>,
    root = keys.root,
  ): string => {
    const jws = signSignedList(kind, payload, root.privateKey);
    if (!jws.ok) throw new Error(`${kind}: ${jws.error.detail}`);
    return jws.value;
  };
  const validity = { issuedAt: NOW_S - DAY_S, expiresAt: NOW_S + 30 * DAY_S };
  const trustPayload = (
    entries: { iss: string; key: TestIssuer; notBefore?: number; notAfter?: number }[] = [
      { iss: ISS, key: issuer },
    ],
    version = 10,
    times = validity,
  ): TrustList =>
    createTrustList({
      version,
      ...times,
      issuers: entries.map((e) => ({
        iss: e.iss,
        jwk: e.key.jwk,
        notBefore: e.notBefore ?? NOW_S - 365 * DAY_S,
        ...(e.notAfter !== undefined && { notAfter: e.notAfter }),
      })),
    });
  const revocationPayload = (add: Partial<RevocationList> = {}, version = 10): RevocationList => ({
    version,
    ...validity,
    // Unrelated entries, so "not revoked" is decided by lookups rather than by an empty list.
    jtis: ['00000000-0000-4000-8000-000000000001'],
    rids: ['other-rid'],
    kids: [keys['other-issuer'].kid],
    lots: [{ gtin: '09506000134352', lot: 'RECALLED1' }],
    badges: ['tech-0'],
    ...add,
  });
  const refillPayload = (add: Partial<RefillList> = {}, version = 10): RefillList => ({
    version,
    ...validity,
    refills: [],
    fills: [],
    ...add,
  });
  const trust = (
    payload = trustPayload(),
    expect: InstallExpect = 'installed',
    root = keys.root,
  ): Install => ({
    kind: 'trust',
    jws: signList('trust', payload, root),
    expect,
  });
  const revocation = (
    payload = revocationPayload(),
    expect: InstallExpect = 'installed',
  ): Install => ({
    kind: 'revocation',
    jws: signList('revocation', payload),
    expect,
  });
  const refill = (payload = refillPayload(), expect: InstallExpect = 'installed'): Install => ({
    kind: 'refill',
    jws: signList('refill', payload),
    expect,
  });
  const defaultContext = (): Context => ({
    installs: [trust(), revocation(), refill()],
    ledger: { fills: {}, acknowledgedSeq: 0 },
    clock: {
      now: NOW,
      lastSeenTime: NOW - 60_000,
      lastSuccessfulSync: NOW - DAY_MS,
      offlineWindowDays: 7,
    },
    kioskId: KIOSK,
    siteId: SITE,
    timeZone: 'UTC',
  });
  const iso = (ms: number) => new Date(ms).toISOString();

  const fixtures = new Map<string, Fixture>();
  const add = (
    name: string,
    description: string,
    qrText: string,
    expectedReason: ReasonCode | null,
    edit?: (context: Context) => void,
  ): void => {
    if (fixtures.has(name)) throw new Error(`duplicate fixture ${name}`);
    const context = defaultContext();
    edit?.(context);
    fixtures.set(name, { description, qrText, expectedReason, context });
  };
  const signed = (c: unknown, options: Parameters<typeof forgeJws>[2] = {}) =>
    toQr(forgeJws(issuer, c, options));
  const withHeader = (header: string, signature?: string) =>
    toQr(
      forgeJws(issuer, base, {
        header,
        ...(signature !== undefined && { mapParts: ([h, p]) => [h, p, signature] }),
      }),
    );
  const replaceJwsChar = (jws: string, at: number, char: string) =>
    `${jws.slice(0, at)}${char}${jws.slice(at + 1)}`;
  const [goodHeader = '', goodPayload = '', goodSignature = ''] = goodJws.split('.');

  // --- controls --------------------------------------------------------------------------------
  add('valid', 'the good token under the default context: accepted', good, null);
  add(
    'valid-after-hub-ack',
    'one earlier fill here, acknowledged by the hub, interval passed: accepted',
    good,
    null,
    (c) => {
      c.ledger = {
        fills: { [JTI]: { count: 1, lastAt: iso(NOW - 30 * DAY_MS), lastSeq: 7 } },
        acknowledgedSeq: 7,
      };
    },
  );
  add(
    'valid-with-refill-authorization',
    'both prescribed fills used, one extra fill authorized on the refill list: accepted',
    good,
    null,
    (c) => {
      c.ledger = {
        fills: { [JTI]: { count: 2, lastAt: iso(NOW - 30 * DAY_MS), lastSeq: 7 } },
        acknowledgedSeq: 9,
      };
      c.installs = [
        trust(),
        revocation(),
        refill(refillPayload({ refills: [{ jti: JTI, extraFills: 1, notAfter: NOW_S + DAY_S }] })),
      ];
    },
  );

  // --- §4 step 1: size caps (too_large) and the shc:/ layer (malformed) ------------------------
  const incompressible = Buffer.from(
    Array.from({ length: 1400 }, (_, i) => (i * 7919 + 13) % 251),
  ).toString('base64url');
  add(
    'too-long-qr',
    'a correctly signed token whose JWS is over 2,045 characters (QR text over 4,095)',
    signed(
      claims((c) => {
        (mr(c).dosageInstruction as { text: string }[])[0] = { text: incompressible };
      }),
    ),
    'too_large',
  );
  add(
    'deflate-bomb-10mb',
    '10 MB of JSON whitespace raw-DEFLATEd and signed: refused by the size caps before inflating',
    signed(base, {
      payloadBytes: deflateRawSync(
        Buffer.concat([Buffer.from(JSON.stringify(base)), Buffer.alloc(10 * 1024 * 1024, 0x20)]),
      ),
    }),
    'too_large',
  );
  add(
    'deflate-bomb-ratio',
    'a small signed payload that inflates past 100:1 (a 200 KB string): the inflate cap stops it',
    signed(
      claims((c) => {
        (mr(c).dosageInstruction as { text: string }[])[0] = { text: 'a'.repeat(200_000) };
      }),
    ),
    'too_large',
  );
  add(
    'header-too-large',
    'a JWS header over 256 bytes (a long kid)',
    withHeader(JSON.stringify({ alg: 'ES256', zip: 'DEF', kid: 'k'.repeat(400) })),
    'too_large',
  );
  add('odd-digits', 'an odd number of digits after shc:/', `${good}7`, 'malformed');
  add('digit-pair-78', 'a digit pair 78 (above "z")', `shc:/78${good.slice(7)}`, 'malformed');
  add(
    'chunked-shc',
    'deprecated multi-QR chunk form shc:/1/2/…',
    `shc:/1/2/${good.slice(5)}`,
    'malformed',
  );
  add('wrong-prefix', 'upper-case SHC:/ prefix', `SHC:/${good.slice(5)}`, 'malformed');
  add('four-part-jws', 'a JWS with four parts', toQr(`${goodJws}.${goodSignature}`), 'malformed');
  add(
    'padded-base64url',
    '"=" padding on the payload part (JWS base64url has none)',
    signed(base, {
      mapParts: ([h, p, s]) => [h, `${p}${'='.repeat((4 - (p.length % 4)) % 4 || 2)}`, s],
    }),
    'malformed',
  );
  const slashAt = goodPayload.indexOf('_');
  if (slashAt < 0)
    throw new Error('payload has no "_" to turn into "/"; change the fixture claims');
  add(
    'base64-standard-alphabet',
    'one "_" of the payload written as "/" (standard base64, not base64url)',
    toQr(`${goodHeader}.${replaceJwsChar(goodPayload, slashAt, '/')}.${goodSignature}`),
    'malformed',
  );
  const lastSig = goodSignature.at(-1) ?? 'A';
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  add(
    'non-canonical-base64url',
    "the signature's last character with non-zero unused bits (same bytes to a lax decoder)",
    toQr(
      `${goodHeader}.${goodPayload}.${goodSignature.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(lastSig) | 1]}`,
    ),
    'malformed',
  );

  // --- step 2: header policy (bad_alg) --------------------------------------------------------
  const kid = issuer.kid;
  add(
    'alg-none',
    'alg "none" and no signature',
    withHeader(JSON.stringify({ alg: 'none', zip: 'DEF', kid }), ''),
    'bad_alg',
  );
  {
    const header = b64(JSON.stringify({ alg: 'HS256', zip: 'DEF', kid }));
    const mac = createHmac('sha256', JSON.stringify(issuer.jwk))
      .update(`${header}.${goodPayload}`)
      .digest();
    add(
      'alg-hs256',
      'alg HS256 with the public JWK as the HMAC secret (algorithm confusion)',
      toQr(`${header}.${goodPayload}.${b64(mac)}`),
      'bad_alg',
    );
  }
  add(
    'alg-rs256',
    'alg RS256',
    withHeader(JSON.stringify({ alg: 'RS256', zip: 'DEF', kid })),
    'bad_alg',
  );
  add(
    'alg-lowercase',
    'alg "es256" (must be exactly ES256)',
    withHeader(JSON.stringify({ alg: 'es256', zip: 'DEF', kid })),
    'bad_alg',
  );
  add(
    'duplicate-header-member',
    'alg given twice in the header',
    withHeader(`{"alg":"ES256","alg":"ES256","zip":"DEF","kid":"${kid}"}`),
    'bad_alg',
  );
  add(
    'extra-header-member',
    'a "typ" member beyond alg, zip, kid',
    withHeader(JSON.stringify({ alg: 'ES256', zip: 'DEF', kid, typ: 'JWT' })),
    'bad_alg',
  );
  add(
    'crit-header',
    'a "crit" header member',
    withHeader(JSON.stringify({ alg: 'ES256', zip: 'DEF', kid, crit: ['exp'] })),
    'bad_alg',
  );
  add(
    'jku-header',
    'a "jku" header member (fetch keys from a URL)',
    withHeader(
      JSON.stringify({ alg: 'ES256', zip: 'DEF', kid, jku: 'https://evil.example.org/jwks' }),
    ),
    'bad_alg',
  );
  add(
    'jwk-header',
    'an embedded "jwk" header member',
    withHeader(JSON.stringify({ alg: 'ES256', zip: 'DEF', kid, jwk: keys['other-issuer'].jwk })),
    'bad_alg',
  );
  add(
    'x5u-header',
    'an "x5u" header member',
    withHeader(
      JSON.stringify({ alg: 'ES256', zip: 'DEF', kid, x5u: 'https://evil.example.org/cert' }),
    ),
    'bad_alg',
  );
  add(
    'b64-header',
    'a "b64": false header member',
    withHeader(JSON.stringify({ alg: 'ES256', zip: 'DEF', kid, b64: false })),
    'bad_alg',
  );
  add(
    'zip-missing',
    'no "zip" member (payload must be DEFLATE)',
    withHeader(JSON.stringify({ alg: 'ES256', kid })),
    'bad_alg',
  );

  // --- step 3: key lookup (unknown_kid, trust_list_stale) -------------------------------------
  add(
    'unknown-kid',
    'signed by a key that is in no trust list',
    toQr(forgeJws(keys['other-issuer'], base)),
    'unknown_kid',
  );
  add(
    'kid-under-two-issuers',
    'the signing key is listed under two issuers in the trust list (kid confusion)',
    good,
    'unknown_kid',
    (c) => {
      c.installs[0] = trust(
        trustPayload([
          { iss: ISS, key: issuer },
          { iss: 'https://other.example.org', key: issuer },
        ]),
      );
    },
  );
  add('stale-trust-list', 'the installed trust list has expired', good, 'trust_list_stale', (c) => {
    c.installs[0] = trust(
      trustPayload(undefined, 10, { issuedAt: NOW_S - 40 * DAY_S, expiresAt: NOW_S - 60 }),
    );
  });
  add(
    'stale-offline-window',
    'last successful sync 8 days ago, offline window 7 days',
    good,
    'trust_list_stale',
    (c) => {
      c.clock.lastSuccessfulSync = NOW - 8 * DAY_MS;
    },
  );
  add('never-synced', 'no successful sync was ever recorded', good, 'trust_list_stale', (c) => {
    delete c.clock.lastSuccessfulSync;
  });
  add('no-trust-list', 'no trust list installed', good, 'trust_list_stale', (c) => {
    c.installs = [revocation(), refill()];
  });
  add(
    'trust-list-wrong-root',
    'a trust list signed by another root key: install refused',
    good,
    'trust_list_stale',
    (c) => {
      c.installs = [
        trust(trustPayload(), 'unknown_kid', keys['other-root']),
        revocation(),
        refill(),
      ];
    },
  );
  {
    // A correctly signed list whose payload was then swapped for one trusting an attacker's key.
    const signedTrust = signList('trust', trustPayload());
    const [h, , s] = signedTrust.split('.');
    const forgedPayload = b64(
      JSON.stringify(trustPayload([{ iss: ISS, key: keys['other-issuer'] }])),
    );
    add(
      'trust-list-tampered',
      'a trust list whose payload was replaced after signing (adds an attacker key): install refused',
      toQr(forgeJws(keys['other-issuer'], base)),
      'trust_list_stale',
      (c) => {
        c.installs = [
          { kind: 'trust', jws: `${h}.${forgedPayload}.${s}`, expect: 'bad_signature' },
          revocation(),
          refill(),
        ];
      },
    );
  }
  add(
    'revocation-list-as-trust-list',
    'a revocation list offered as the trust list (typ confusion): refused',
    good,
    'trust_list_stale',
    (c) => {
      c.installs = [
        { kind: 'trust', jws: signList('revocation', revocationPayload()), expect: 'wrong_type' },
        revocation(),
        refill(),
      ];
    },
  );
  add(
    'rollback-trust-list',
    'trust list v11 dropped the issuer key; replaying v10 (which had it) is refused as a roll-back',
    good,
    'unknown_kid',
    (c) => {
      c.installs = [
        trust(trustPayload([{ iss: ISS, key: keys['other-issuer'] }], 11)),
        trust(trustPayload(undefined, 10), 'rollback'),
        revocation(),
        refill(),
      ];
    },
  );

  // --- step 4: signature (bad_signature) ------------------------------------------------------
  {
    const sig = Buffer.from(goodSignature, 'base64url');
    sig[10] = (sig[10] ?? 0) ^ 0x01;
    add(
      'bit-flip-signature',
      'one bit of the signature flipped',
      toQr(`${goodHeader}.${goodPayload}.${b64(sig)}`),
      'bad_signature',
    );
    const payload = Buffer.from(goodPayload, 'base64url');
    payload[20] = (payload[20] ?? 0) ^ 0x04;
    add(
      'bit-flip-payload',
      'one bit of the compressed payload flipped',
      toQr(`${goodHeader}.${b64(payload)}.${goodSignature}`),
      'bad_signature',
    );
  }
  add(
    'der-signature',
    'a DER-encoded ECDSA signature (70–72 bytes) instead of raw R‖S',
    signed(base, { dsaEncoding: 'der' }),
    'bad_signature',
  );
  add(
    'signature-r-zero',
    'R = 0 in the signature',
    toQr(
      `${goodHeader}.${goodPayload}.${b64(Buffer.concat([Buffer.alloc(32), Buffer.from(goodSignature, 'base64url').subarray(32)]))}`,
    ),
    'bad_signature',
  );
  add(
    'empty-signature',
    'an ES256 header with no signature',
    toQr(`${goodHeader}.${goodPayload}.`),
    'bad_signature',
  );
  add(
    'signed-by-other-key',
    'the header names the trusted kid but another key signed',
    signed(base, { signWith: keys['other-issuer'].privateKey }),
    'bad_signature',
  );

  // --- step 5: payload (malformed, too_large) -------------------------------------------------
  add(
    'zlib-wrapped',
    'payload DEFLATEd with a zlib header (not raw DEFLATE)',
    signed(base, { payloadBytes: zlibDeflate(JSON.stringify(base)) }),
    'malformed',
  );
  add(
    'gzip-wrapped',
    'payload gzipped',
    signed(base, { payloadBytes: gzipSync(Buffer.from(JSON.stringify(base))) }),
    'malformed',
  );
  add(
    'not-deflated',
    'payload is plain JSON, not DEFLATE',
    signed(base, { payloadBytes: Buffer.from(JSON.stringify(base)) }),
    'malformed',
  );
  add(
    'trailing-garbage-after-deflate',
    'bytes after the DEFLATE end block',
    signed(base, {
      payloadBytes: Buffer.concat([
        rawDeflate(JSON.stringify(base)),
        Buffer.from([0x00, 0x13, 0x37]),
      ]),
    }),
    'malformed',
  );
  const json = JSON.stringify(base);
  add(
    'duplicate-json-key',
    'a duplicated "jti" key in the payload JSON',
    signed(base, {
      payloadBytes: rawDeflate(
        json.replace('"jti":', `"jti":"00000000-0000-4000-8000-000000000009","jti":`),
      ),
    }),
    'malformed',
  );
  add(
    'proto-key',
    'a "__proto__" key in the payload JSON',
    signed(base, { payloadBytes: rawDeflate(json.replace('{', '{"__proto__":{"isAdmin":true},')) }),
    'malformed',
  );
  add(
    'constructor-key',
    'a "constructor" key in the payload JSON',
    signed(base, {
      payloadBytes: rawDeflate(json.replace('{', '{"constructor":{"prototype":{}},')),
    }),
    'malformed',
  );
  add(
    'unsafe-number',
    'nbf above 2^53',
    signed(base, { payloadBytes: rawDeflate(json.replace(/"nbf":\d+/, '"nbf":9007199254740993')) }),
    'malformed',
  );
  add(
    'deep-nesting',
    'JSON nested 40 deep',
    signed(base, {
      payloadBytes: rawDeflate(json.replace('{', `{"x":${'['.repeat(40)}${']'.repeat(40)},`)),
    }),
    'malformed',
  );
  add(
    'invalid-utf8',
    'invalid UTF-8 (0xC3 0x28) in a payload string',
    signed(base, {
      payloadBytes: deflateRawSync(
        Buffer.concat([
          Buffer.from(`${json.slice(0, -1)},"x":"`),
          Buffer.from([0xc3, 0x28]),
          Buffer.from('"}'),
        ]),
      ),
    }),
    'malformed',
  );
  add(
    'missing-jti',
    'no jti claim',
    signed(claims((c) => void delete (c as Partial<TokenClaims>).jti)),
    'malformed',
  );
  add(
    'wrong-vc-type',
    'vc.type without the health-card type',
    signed(claims((c) => void (c.vc.type = ['https://example.org#other']))),
    'malformed',
  );
  add(
    'status-not-active',
    'MedicationRequest.status "cancelled"',
    signed(claims((c) => void (mr(c).status = 'cancelled'))),
    'malformed',
  );

  // --- step 6: issuer and key window (wrong_issuer, key_not_valid) ----------------------------
  add(
    'wrong-iss',
    'iss is not the issuer that owns the signing key',
    signed(claims((c) => void (c.iss = 'https://evil.example.org'))),
    'wrong_issuer',
  );
  add(
    'key-not-yet-valid-at-nbf',
    "the trust list makes the key valid only from after the token's nbf",
    good,
    'key_not_valid',
    (c) => {
      c.installs[0] = trust(trustPayload([{ iss: ISS, key: issuer, notBefore: NOW_S - 60 }]));
    },
  );
  add(
    'key-retired-before-nbf',
    "the key's notAfter is before the token's nbf",
    good,
    'key_not_valid',
    (c) => {
      c.installs[0] = trust(
        trustPayload([
          { iss: ISS, key: issuer, notBefore: NOW_S - 365 * DAY_S, notAfter: NOW_S - 2 * 3600 },
        ]),
      );
    },
  );

  // --- step 7: time (not_yet_valid, expired, clock_untrusted) ---------------------------------
  add(
    'exp-past',
    'exp one minute ago',
    signed(claims((c) => void (c.exp = NOW_S - 60))),
    'expired',
  );
  add(
    'nbf-future',
    'nbf one hour ahead (beyond the 5-minute skew)',
    signed(claims((c) => void (c.nbf = NOW_S + 3600))),
    'not_yet_valid',
  );
  add(
    'validity-ended',
    'validityPeriod.end was yesterday',
    signed(
      claims((c) => void ((dispense(c).validityPeriod as { end: string }).end = '2026-03-09')),
    ),
    'expired',
  );
  add(
    'validity-not-started',
    'validityPeriod.start is tomorrow',
    signed(
      claims((c) => void ((dispense(c).validityPeriod as { start: string }).start = '2026-03-11')),
    ),
    'not_yet_valid',
  );
  add(
    'untrusted-clock-rollback',
    'the clock is 2 h behind the last time seen',
    good,
    'clock_untrusted',
    (c) => {
      c.clock.lastSeenTime = NOW + 2 * 3_600_000;
    },
  );
  add(
    'untrusted-clock-behind-sync',
    'the clock is 1 h behind the last successful sync',
    good,
    'clock_untrusted',
    (c) => {
      c.clock.lastSuccessfulSync = NOW + 3_600_000;
      delete c.clock.lastSeenTime;
    },
  );
  add('untrusted-clock-rtc', 'the RTC lost its time', good, 'clock_untrusted', (c) => {
    c.clock.rtcSet = false;
  });

  // --- step 8: revocation (revoked, trust_list_stale) -----------------------------------------
  add('revoked-rid', "the token's vc.rid is on the revocation list", good, 'revoked', (c) => {
    c.installs[1] = revocation(revocationPayload({ rids: ['other-rid', RID] }));
  });
  add('revoked-jti', 'the token id is on the revocation list', good, 'revoked', (c) => {
    c.installs[1] = revocation(revocationPayload({ jtis: [JTI] }));
  });
  add('revoked-kid', 'the signing key is on the revocation list', good, 'revoked', (c) => {
    c.installs[1] = revocation(revocationPayload({ kids: [issuer.kid] }));
  });
  add('stale-revocation-list', 'the revocation list has expired', good, 'trust_list_stale', (c) => {
    c.installs[1] = revocation({
      ...revocationPayload(),
      issuedAt: NOW_S - 40 * DAY_S,
      expiresAt: NOW_S - 60,
    });
  });
  add('no-revocation-list', 'no revocation list installed', good, 'trust_list_stale', (c) => {
    c.installs = [trust(), refill()];
  });
  add(
    'rollback-revocation-list',
    'revocation list v11 revokes the token; replaying v10 (which does not) is refused as a roll-back',
    good,
    'revoked',
    (c) => {
      c.installs = [
        trust(),
        revocation(revocationPayload({ jtis: [JTI] }, 11)),
        revocation(revocationPayload({}, 10), 'rollback'),
        refill(),
      ];
    },
  );
  add(
    'same-version-revocation-list',
    'a different revocation list with the installed version (no revocation) is refused',
    good,
    'revoked',
    (c) => {
      c.installs = [
        trust(),
        revocation(revocationPayload({ jtis: [JTI] }, 11)),
        revocation(revocationPayload({}, 11), 'same_version'),
        refill(),
      ];
    },
  );

  // --- step 9: fills and the offline rule (no_fills_left, offline_limit) ----------------------
  add(
    'refills-exhausted',
    'both prescribed fills already made here',
    good,
    'no_fills_left',
    (c) => {
      c.ledger = {
        fills: { [JTI]: { count: 2, lastAt: iso(NOW - 60 * DAY_MS), lastSeq: 5 } },
        acknowledgedSeq: 10,
      };
    },
  );
  add(
    'refills-exhausted-other-kiosks',
    'both fills made at other kiosks (refill list)',
    good,
    'no_fills_left',
    (c) => {
      c.installs[2] = refill(
        refillPayload({ fills: [{ jti: JTI, count: 2, lastAt: NOW_S - 60 * DAY_S }] }),
      );
    },
  );
  add(
    'refill-authorization-expired',
    'fills used up; the extra-fill authorization expired yesterday',
    good,
    'no_fills_left',
    (c) => {
      c.ledger = {
        fills: { [JTI]: { count: 2, lastAt: iso(NOW - 60 * DAY_MS), lastSeq: 5 } },
        acknowledgedSeq: 10,
      };
      c.installs[2] = refill(
        refillPayload({ refills: [{ jti: JTI, extraFills: 1, notAfter: NOW_S - DAY_S }] }),
      );
    },
  );
  add('stale-refill-list', 'the refill list has expired', good, 'trust_list_stale', (c) => {
    c.installs[2] = refill({
      ...refillPayload(),
      issuedAt: NOW_S - 40 * DAY_S,
      expiresAt: NOW_S - 60,
    });
  });
  add(
    'offline-limit',
    'one fill here that the hub has not acknowledged yet',
    good,
    'offline_limit',
    (c) => {
      c.ledger = {
        fills: { [JTI]: { count: 1, lastAt: iso(NOW - 40 * DAY_MS), lastSeq: 42 } },
        acknowledgedSeq: 41,
      };
    },
  );
  add(
    'offline-limit-lost-sync-view',
    'one fill here and no acknowledgement known (view lost: cursor 0)',
    good,
    'offline_limit',
    (c) => {
      c.ledger = {
        fills: { [JTI]: { count: 1, lastAt: iso(NOW - 40 * DAY_MS), lastSeq: 3 } },
        acknowledgedSeq: 0,
      };
    },
  );

  // --- step 10: interval (too_soon) -----------------------------------------------------------
  add(
    'interval-default-fraction',
    'last fill 10 days ago; interval 0.8 × 30 days = 24 days',
    good,
    'too_soon',
    (c) => {
      c.ledger = {
        fills: { [JTI]: { count: 1, lastAt: iso(NOW - 10 * DAY_MS), lastSeq: 5 } },
        acknowledgedSeq: 10,
      };
    },
  );
  add(
    'interval-explicit',
    'dispenseInterval 14 days, last fill 13 days ago',
    signed(
      claims(
        (c) =>
          void (dispense(c).dispenseInterval = {
            value: 14,
            system: 'http://unitsofmeasure.org',
            code: 'd',
          }),
      ),
    ),
    'too_soon',
    (c) => {
      c.ledger = {
        fills: { [JTI]: { count: 1, lastAt: iso(NOW - 13 * DAY_MS), lastSeq: 5 } },
        acknowledgedSeq: 10,
      };
    },
  );
  add(
    'interval-other-kiosk-fill',
    'filled at another kiosk 5 days ago (refill list)',
    good,
    'too_soon',
    (c) => {
      c.installs[2] = refill(
        refillPayload({ fills: [{ jti: JTI, count: 1, lastAt: NOW_S - 5 * DAY_S }] }),
      );
    },
  );

  // --- step 11: kiosk binding (wrong_kiosk) ---------------------------------------------------
  add(
    'other-kiosk-binding',
    'bound to another kiosk and site',
    signed(
      claims((c) => {
        mr(c).contained = [
          {
            resourceType: 'Organization',
            id: 'k',
            identifier: [
              { system: 'urn:opendispense:kiosk', value: 'kiosk-99' },
              { system: 'urn:opendispense:site', value: 'site-99' },
            ],
          },
        ];
      }),
    ),
    'wrong_kiosk',
  );
  add(
    'scanned-at-other-kiosk',
    'the good token scanned at a kiosk of another site',
    good,
    'wrong_kiosk',
    (c) => {
      c.kioskId = 'kiosk-8';
      c.siteId = 'site-4';
    },
  );

  // --- write ----------------------------------------------------------------------------------
  await mkdir(out, { recursive: true });
  for (const name of await readdir(out)) {
    if (name.endsWith('.json')) await unlink(path.join(out, name));
  }
  for (const [name, fixture] of fixtures) {
    await writeFile(path.join(out, `${name}.json`), `${JSON.stringify(fixture, null, 2)}\n`);
  }
  const bad = [...fixtures.values()].filter((f) => f.expectedReason !== null);
  const reasons = new Set(bad.map((f) => f.expectedReason));
  console.log(
    `wrote ${bad.length} bad-token fixtures and ${fixtures.size - bad.length} controls to ${path.relative(process.cwd(), out) || '.'} ` +
      `(${reasons.size} reason codes); keys in ${path.relative(process.cwd(), path.join(out, 'keys'))} (TEST ONLY)`,
  );
}

await main();
