/**
 * `npm run rx -- <command>`: the pharmacy-side prescription tools (DESIGN §2: they need no kiosk).
 * keys, sign, trust-list, revoke, refill, inspect; each has --help. Bad input exits 2 with a
 * plain message, a failure to read or write exits 1. Nothing secret is ever printed: no private
 * key, no token text, no PIN or birth date (files are written, and their paths are shown).
 */
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import {
  buildPrescriptionPayload,
  decodeNumeric,
  describeStrictJsonError,
  emptyRefillList,
  emptyRevocationList,
  encodeNumeric,
  inspectToken,
  loadIssuerKey,
  loadOrCreateIssuerKey,
  loadOrCreateRootKey,
  loadRootKey,
  nextListVersion,
  nextRefillList,
  nextRevocationList,
  nextTrustList,
  parseStrictJsonBytes,
  patientMessage,
  readPublicJwkFile,
  renderTokenQr,
  signPrescriptionToken,
  signSignedList,
  trustIndexOf,
  verifyPrescriptionJws,
  verifySignedList,
  MAX_ISSUED_JWS_CHARS,
  SIGNED_LIST_KINDS,
  SIGNED_LIST_TYP,
  type Es256KeyFileError,
  type RootKey,
  type SignedListKind,
  type SignedListPayload,
  type TrustAddition,
} from '../main/prescriptions';
import { PrescriptionDraft } from '../main/prescriptions/build-payload';
import { isValidGtin14 } from '../main/prescriptions/gtin';
import type { EcPublicJwk } from '../main/keys/jwk-thumbprint';

const DAY_S = 86_400;
/** §4a: the hub issues lists well beyond the 7-day offline window. */
const DEFAULT_VALID_DAYS = 30;
/** A refill authorization without --not-after stays usable for a year. */
const DEFAULT_REFILL_DAYS = 365;

/** Bad input: exit 2. */
class UsageError extends Error {}
/** Could not read, write or sign: exit 1. */
class RunError extends Error {}

const MAIN_HELP = `Usage: npm run rx -- <command> [options]

Pharmacy-side prescription tools (no kiosk needed):
  keys         make the issuer and operator root key pairs in a directory
  sign         sign a prescription (friendly JSON) into a QR PNG and its shc:/ text
  trust-list   sign a trust list of issuer public keys with the root key
  revoke       sign a revocation list (token ids, revocation ids, keys, lots, badges)
  refill       sign a refill list authorizing extra fills of a token
  inspect      decode a token or list WITHOUT trusting it (or check it with --trust/--root)

Run "npm run rx -- <command> --help" for a command's options.
Exit codes: 0 done, 1 could not read/write/verify, 2 bad input.`;

const HELP: Readonly<Record<string, string>> = {
  keys: `Usage: npm run rx -- keys --dir DIR [--only issuer|root]

Makes (or keeps, when present) the prescription issuer key and the operator root key in DIR:
  issuer-key.private.pem (0600)  issuer-key.public.jwk   signs prescriptions; its JWK goes in the trust list
  root-key.private.pem   (0600)  root-key.public.jwk     signs every list; kiosks get its public JWK
Prints each key's kid (public thumbprint) and file paths, never key material.`,
  sign: `Usage: npm run rx -- sign FILE.json --key DIR [--out PREFIX]

Signs the prescription described in FILE.json (fields: issuer, patient {initials?, birthDate, pin},
medication {display, gtin?, codings?}, dose, packsPerFill, fills, expectedSupplyDays?,
dispenseIntervalDays?, validity {start, end}, binding? {kioskIds?, siteIds?}, vitals?, prescriber,
jti?, rid?, notBefore?, expiresAt?) with the issuer key in DIR (made by "rx keys").
Writes PREFIX.shc.txt (the QR text) and PREFIX.png (the QR, ECC L). PREFIX defaults to FILE
without ".json". Refuses a token over ${MAX_ISSUED_JWS_CHARS} characters (one version-22 QR).
The token is a bearer credential: the files are written 0600 and nothing of it is printed.`,
  'trust-list': `Usage: npm run rx -- trust-list --root DIR --issuer URL=JWKFILE [...] --out FILE [options]

Signs a trust list (prescription-token.md §4a) with the root key in DIR.
  --issuer URL=JWKFILE    an issuer URL and its public JWK file (repeatable)
  --badge-issuer JWKFILE  a key allowed to sign technician badges (repeatable)
  --from FILE             the current signed trust list: its issuers and key windows are kept,
                          and the version goes up from its version
  --remove-kid KID        drop a key (repeatable)
  --key-valid-from WHEN   earliest nbf the added keys may sign (default: 1 day before now)
  --version N             explicit version (default: max(previous + 1, now in epoch seconds))
  --valid-days N          expiresAt = now + N days (default ${DEFAULT_VALID_DAYS})
  --out FILE              where to write the signed list (compact JWS)
WHEN is YYYY-MM-DD (UTC), an ISO date-time with offset, or epoch seconds.`,
  revoke: `Usage: npm run rx -- revoke --root DIR --out FILE [--from FILE] [entries] [options]

Signs a revocation list with the root key in DIR, adding to --from when given.
  --jti UUID          a prescription token id (repeatable)
  --rid RID           a token's vc.rid (repeatable)
  --kid KID           an issuer key thumbprint (repeatable)
  --lot GTIN:LOT      a recalled lot (repeatable)
  --badge ID          a technician badge id (repeatable)
  --from FILE         the current signed revocation list (entries kept, version bumped)
  --version N         explicit version (default: max(previous + 1, now in epoch seconds))
  --valid-days N      expiresAt = now + N days (default ${DEFAULT_VALID_DAYS})`,
  refill: `Usage: npm run rx -- refill --root DIR --jti UUID --extra N --out FILE [options]

Signs a refill list with the root key in DIR authorizing N more fills of token UUID.
  --not-after WHEN    last moment the authorization may be used (default: ${DEFAULT_REFILL_DAYS} days from now)
  --from FILE         the current signed refill list (authorizations and remote fills kept)
  --version N         explicit version (default: max(previous + 1, now in epoch seconds))
  --valid-days N      expiresAt = now + N days (default ${DEFAULT_VALID_DAYS})
WHEN is YYYY-MM-DD (UTC), an ISO date-time with offset, or epoch seconds.`,
  inspect: `Usage: npm run rx -- inspect (shc:/… | FILE) [--trust FILE --root JWKFILE] [options]

Decodes a prescription token (shc:/ text or compact JWS, given directly or in a file) or a signed
list WITHOUT trusting it: header, payload claims with patient fields masked, sizes, QR version.
It says clearly that nothing was verified, unless:
  --root JWKFILE      the operator root public key: verifies a signed list, or the --trust list
  --trust FILE        a signed trust list: verifies the token's signature, issuer, key window
                      and dates against it (revocation and fills are kiosk state, not checked)
  --now WHEN          the time to check dates at (default: now)
  --kiosk ID --site ID  check the token's kiosk binding too
  --time-zone ZONE    IANA zone for validity dates (default UTC)
A PNG cannot be decoded here: scan it and pass the shc:/ text.`,
};

// ---------------------------------------------------------------------------------------------
// Argument helpers

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP_OPTION = { help: { type: 'boolean' } } as const;

/** Strict parsing (an unknown flag is an error); `positionals` is how many arguments may follow. */
function parse<T extends Options>(argv: string[], options: T, positionals = 0) {
  const config = {
    args: argv,
    options: { ...options, ...HELP_OPTION },
    strict: true,
    allowPositionals: true,
  } as const;
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const help = (parsed.values as { help?: boolean }).help === true;
  if (!help && parsed.positionals.length > positionals) {
    throw new UsageError(
      positionals === 0
        ? 'this command takes options only'
        : // Not echoed: a stray argument may be token text.
          `${parsed.positionals.length - positionals} unexpected extra argument(s)`,
    );
  }
  return parsed;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

function positiveInt(value: string | undefined, flag: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`${flag} is required`);
    return fallback;
  }
  if (!/^[0-9]{1,15}$/.test(value) || Number(value) < 1) {
    throw new UsageError(`${flag} must be a positive whole number`);
  }
  return Number(value);
}

function optionalVersion(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,15}$/.test(value)) throw new UsageError('--version must be a whole number');
  return Number(value);
}

/** YYYY-MM-DD (UTC midnight), an ISO date-time with offset, or epoch seconds → epoch seconds. */
function whenSeconds(value: string, flag: string): number {
  if (/^[0-9]{1,12}$/.test(value)) return Number(value);
  const iso = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const ms = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2})$/.test(iso)
    ? Date.parse(iso)
    : NaN;
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `${flag} must be YYYY-MM-DD, an ISO date-time with offset, or epoch seconds`,
    );
  }
  return Math.floor(ms / 1000);
}

const Uuid = z.uuid();
const B64URL = /^[A-Za-z0-9_-]+$/;

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${what} ${file} does not exist`);
    throw new RunError(`cannot read ${what} ${file}: ${(error as Error).message}`);
  }
}

/** Whole file or nothing: written beside the target, then renamed over it. */
async function writeOut(file: string, data: string | Buffer, mode = 0o644): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temp, data, { mode });
    await rename(temp, file);
  } catch (error) {
    throw new RunError(`cannot write ${file}: ${(error as Error).message}`);
  }
}

function show(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === '' ? '.' : rel.startsWith('..') ? file : rel;
}

function keyError(error: Es256KeyFileError, what: string): Error {
  if (error.kind === 'missing') {
    return new UsageError(`no ${what} in ${path.dirname(error.path)} (make one with "rx keys")`);
  }
  if (error.kind === 'invalid_key') return new UsageError(`${what} ${error.path}: ${error.detail}`);
  return new RunError(`${what} ${error.path}: ${error.detail}`);
}

async function rootKeyFrom(dir: string): Promise<RootKey> {
  const root = await loadRootKey(path.resolve(dir));
  if (!root.ok) throw keyError(root.error, 'root key');
  warnPermissions(root.value.permissionsFixed, 'root key', dir);
  return root.value;
}

function warnPermissions(fixed: boolean, what: string, dir: string): void {
  if (fixed) console.error(`rx: the ${what} in ${dir} was readable by others; set it to 0600`);
}

/** Reads a previous signed list and checks it is this root's list of this kind. */
async function previousList<K extends SignedListKind>(
  kind: K,
  file: string | undefined,
  rootJwk: EcPublicJwk,
): Promise<SignedListPayload<K> | undefined> {
  if (file === undefined) return undefined;
  const jws = (await readText(path.resolve(file), `--from`)).trim();
  const verified = verifySignedList(kind, jws, rootJwk);
  if (!verified.ok) {
    throw new UsageError(
      `--from ${file} is not a ${kind} list signed by this root key (${verified.error.code}: ${verified.error.detail})`,
    );
  }
  return verified.value;
}

function validity(validDays: number): { issuedAt: number; expiresAt: number } {
  const issuedAt = Math.floor(Date.now() / 1000);
  return { issuedAt, expiresAt: issuedAt + validDays * DAY_S };
}

function version(
  previous: number | undefined,
  issuedAt: number,
  explicit: number | undefined,
): number {
  const next = nextListVersion(previous, issuedAt, explicit);
  if (!next.ok) throw new UsageError(next.error);
  return next.value;
}

async function writeList<K extends SignedListKind>(
  kind: K,
  payload: SignedListPayload<K>,
  root: RootKey,
  out: string,
): Promise<void> {
  const jws = signSignedList(kind, payload, root.privateKey);
  if (!jws.ok) throw new UsageError(`the ${kind} list is not valid: ${jws.error.detail}`);
  // No trailing newline: the file is exactly the JWS a kiosk installs.
  await writeOut(path.resolve(out), jws.value);
  const expires = new Date(payload.expiresAt * 1000).toISOString();
  console.log(
    `${kind} list version ${payload.version}, expires ${expires}: ${show(path.resolve(out))}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Commands

async function keys(argv: string[]): Promise<void> {
  const { values } = parse(argv, { dir: { type: 'string' }, only: { type: 'string' } });
  if (values.help) return void console.log(HELP.keys);
  const dir = path.resolve(required(values.dir, '--dir'));
  if (values.only !== undefined && values.only !== 'issuer' && values.only !== 'root') {
    throw new UsageError('--only must be "issuer" or "root"');
  }
  const makers = [
    ['issuer', loadOrCreateIssuerKey],
    ['root', loadOrCreateRootKey],
  ] as const;
  for (const [name, make] of makers) {
    if (values.only !== undefined && values.only !== name) continue;
    const key = await make(dir);
    if (!key.ok) throw new RunError(`${name} key ${key.error.path}: ${key.error.detail}`);
    warnPermissions(key.value.permissionsFixed, `${name} key`, dir);
    console.log(
      `${name} key ${key.value.created ? 'made' : 'kept (already there)'}: kid ${key.value.kid}\n` +
        `  public JWK: ${show(path.join(dir, `${name}-key.public.jwk`))}\n` +
        `  private key (0600, keep it secret): ${show(path.join(dir, `${name}-key.private.pem`))}`,
    );
  }
}

async function sign(argv: string[]): Promise<void> {
  const { values, positionals } = parse(
    argv,
    { key: { type: 'string' }, out: { type: 'string' } },
    1,
  );
  if (values.help) return void console.log(HELP.sign);
  const input = path.resolve(required(positionals[0], 'the prescription JSON file'));
  const keyDir = path.resolve(required(values.key, '--key'));
  const prefix = path.resolve(values.out ?? input.replace(/\.json$/i, ''));

  const json = parseStrictJsonBytes(
    Buffer.from(await readText(input, 'prescription file'), 'utf8'),
  );
  if (!json.ok) throw new UsageError(`${show(input)}: ${describeStrictJsonError(json.error)}`);
  const draft = PrescriptionDraft.safeParse(json.value);
  if (!draft.success) {
    // Field names and rules only: the values may be a PIN or a birth date.
    const lines = draft.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new UsageError(`${show(input)} is not a valid prescription:\n${lines.join('\n')}`);
  }
  const key = await loadIssuerKey(keyDir);
  if (!key.ok) throw keyError(key.error, 'issuer key');
  warnPermissions(key.value.permissionsFixed, 'issuer key', keyDir);

  const payload = buildPrescriptionPayload(draft.data);
  if (!payload.ok) throw new UsageError(payload.error.issues.join('\n'));
  const jws = signPrescriptionToken({ payload: payload.value, privateKey: key.value.privateKey });
  if (!jws.ok) {
    const e = jws.error;
    if (e.code === 'too_large') {
      throw new UsageError(
        `the token would be ${e.length} characters, over the ${e.max} that fit one QR (version 22, ECC L): shorten the dose text, names or ids`,
      );
    }
    throw new UsageError(`cannot sign: ${e.detail}`);
  }
  const qrText = encodeNumeric(jws.value);
  if (!qrText.ok) throw new RunError('the signed token has a character the QR form cannot carry');
  const qr = await renderTokenQr(qrText.value);
  if (!qr.ok) throw new UsageError(qr.error.detail);
  await writeOut(`${prefix}.shc.txt`, qrText.value, 0o600);
  await writeOut(`${prefix}.png`, qr.value.png, 0o600);
  console.log(
    `signed with kid ${key.value.kid}: JWS ${jws.value.length} of ${MAX_ISSUED_JWS_CHARS} characters, QR version ${qr.value.version} (ECC L)\n` +
      `  QR picture: ${show(`${prefix}.png`)}\n` +
      `  QR text:    ${show(`${prefix}.shc.txt`)}\n` +
      `The token is a bearer credential; "rx inspect ${show(`${prefix}.shc.txt`)}" shows its claims (patient masked).`,
  );
}

async function trustList(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    root: { type: 'string' },
    issuer: { type: 'string', multiple: true },
    'badge-issuer': { type: 'string', multiple: true },
    from: { type: 'string' },
    'remove-kid': { type: 'string', multiple: true },
    'key-valid-from': { type: 'string' },
    version: { type: 'string' },
    'valid-days': { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) return void console.log(HELP['trust-list']);
  const out = required(values.out, '--out');
  const validDays = positiveInt(values['valid-days'], '--valid-days', DEFAULT_VALID_DAYS);
  const explicit = optionalVersion(values.version);
  const times = validity(validDays);
  const keyValidFrom =
    values['key-valid-from'] === undefined
      ? times.issuedAt - DAY_S
      : whenSeconds(values['key-valid-from'], '--key-valid-from');

  const add: TrustAddition[] = [];
  for (const spec of values.issuer ?? []) {
    const at = spec.indexOf('=');
    if (at < 1) throw new UsageError('--issuer must be URL=JWKFILE');
    const iss = spec.slice(0, at);
    if (!z.url().safeParse(iss).success || !/^https?:\/\//.test(iss) || iss.endsWith('/')) {
      throw new UsageError(`--issuer ${iss}: not an http(s) URL without a trailing "/"`);
    }
    add.push({
      iss,
      jwk: await publicJwk(spec.slice(at + 1), '--issuer'),
      notBefore: keyValidFrom,
    });
  }
  const badgeIssuers: EcPublicJwk[] = [];
  for (const file of values['badge-issuer'] ?? [])
    badgeIssuers.push(await publicJwk(file, '--badge-issuer'));
  for (const kid of values['remove-kid'] ?? []) {
    if (!B64URL.test(kid) || kid.length !== 43)
      throw new UsageError(`--remove-kid ${kid}: not a key thumbprint`);
  }

  const root = await rootKeyFrom(required(values.root, '--root'));
  const previous = await previousList('trust', values.from, root.publicJwk);
  const payload = nextTrustList(
    previous,
    { add, removeKids: values['remove-kid'] ?? [], badgeIssuers },
    version(previous?.version, times.issuedAt, explicit),
    times,
  );
  if (payload.issuers.length === 0)
    throw new UsageError('the trust list would name no issuer: give --issuer');
  await writeList('trust', payload, root, out);
  const keyCount = payload.issuers.reduce((n, i) => n + i.keys.length, 0);
  console.log(
    `  ${payload.issuers.length} issuer(s), ${keyCount} key(s), ${payload.badgeIssuers.length} badge issuer(s)`,
  );
}

async function publicJwk(file: string, flag: string): Promise<EcPublicJwk> {
  if (file === '') throw new UsageError(`${flag}: give a JWK file`);
  const read = await readPublicJwkFile(path.resolve(file));
  if (!read.ok) throw new UsageError(`${flag}: ${read.error}`);
  return read.value.jwk;
}

async function revoke(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    root: { type: 'string' },
    from: { type: 'string' },
    jti: { type: 'string', multiple: true },
    rid: { type: 'string', multiple: true },
    kid: { type: 'string', multiple: true },
    lot: { type: 'string', multiple: true },
    badge: { type: 'string', multiple: true },
    version: { type: 'string' },
    'valid-days': { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) return void console.log(HELP.revoke);
  const out = required(values.out, '--out');
  const validDays = positiveInt(values['valid-days'], '--valid-days', DEFAULT_VALID_DAYS);
  const explicit = optionalVersion(values.version);
  const jtis = values.jti ?? [];
  for (const jti of jtis)
    if (!Uuid.safeParse(jti).success) throw new UsageError('--jti must be a token id (UUID)');
  const rids = values.rid ?? [];
  for (const rid of rids) {
    if (!B64URL.test(rid) || rid.length > 24)
      throw new UsageError('--rid must be base64url, at most 24 characters');
  }
  const kids = values.kid ?? [];
  for (const kid of kids)
    if (!B64URL.test(kid) || kid.length !== 43)
      throw new UsageError('--kid must be a key thumbprint (43 base64url characters)');
  const lots = (values.lot ?? []).map((spec) => {
    const at = spec.indexOf(':');
    const gtin = spec.slice(0, at);
    const lot = spec.slice(at + 1);
    if (at < 0 || !isValidGtin14(gtin) || lot.length < 1 || lot.length > 20) {
      throw new UsageError(
        '--lot must be GTIN:LOT (a 14-digit GTIN with its check digit, a lot of 1–20 characters)',
      );
    }
    return { gtin, lot };
  });
  const badges = values.badge ?? [];
  for (const badge of badges)
    if (badge.length < 1 || badge.length > 128)
      throw new UsageError('--badge must be 1–128 characters');

  const root = await rootKeyFrom(required(values.root, '--root'));
  const previous = await previousList('revocation', values.from, root.publicJwk);
  const times = validity(validDays);
  const nextVersion = version(previous?.version, times.issuedAt, explicit);
  const payload = nextRevocationList(
    previous ?? emptyRevocationList(nextVersion, times.issuedAt, times.expiresAt),
    { jtis, rids, kids, lots, badges },
    nextVersion,
    times,
  );
  await writeList('revocation', payload, root, out);
  console.log(
    `  ${payload.jtis.length} token id(s), ${payload.rids.length} revocation id(s), ${payload.kids.length} key(s), ${payload.lots.length} lot(s), ${payload.badges.length} badge(s)`,
  );
}

async function refill(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    root: { type: 'string' },
    from: { type: 'string' },
    jti: { type: 'string' },
    extra: { type: 'string' },
    'not-after': { type: 'string' },
    version: { type: 'string' },
    'valid-days': { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) return void console.log(HELP.refill);
  const out = required(values.out, '--out');
  const jti = required(values.jti, '--jti');
  if (!Uuid.safeParse(jti).success) throw new UsageError('--jti must be a token id (UUID)');
  const extraFills = positiveInt(values.extra, '--extra');
  const validDays = positiveInt(values['valid-days'], '--valid-days', DEFAULT_VALID_DAYS);
  const explicit = optionalVersion(values.version);
  const times = validity(validDays);
  const notAfter =
    values['not-after'] === undefined
      ? times.issuedAt + DEFAULT_REFILL_DAYS * DAY_S
      : whenSeconds(values['not-after'], '--not-after');
  if (notAfter < times.issuedAt) throw new UsageError('--not-after is in the past');

  const root = await rootKeyFrom(required(values.root, '--root'));
  const previous = await previousList('refill', values.from, root.publicJwk);
  const nextVersion = version(previous?.version, times.issuedAt, explicit);
  const payload = nextRefillList(
    previous ?? emptyRefillList(nextVersion, times.issuedAt, times.expiresAt),
    [{ jti, extraFills, notAfter }],
    nextVersion,
    times,
  );
  await writeList('refill', payload, root, out);
  console.log(
    `  ${payload.refills.length} authorization(s), ${payload.fills.length} remote fill record(s)`,
  );
}

const NOT_VERIFIED = 'NOT VERIFIED: decoded without checking the signature or any list.';

async function inspect(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      trust: { type: 'string' },
      root: { type: 'string' },
      now: { type: 'string' },
      kiosk: { type: 'string' },
      site: { type: 'string' },
      'time-zone': { type: 'string' },
    },
    1,
  );
  if (values.help) {
    console.log(HELP.inspect);
    return 0;
  }
  const arg = required(positionals[0], 'a shc:/ text or a file');
  if (values.trust !== undefined && values.root === undefined) {
    throw new UsageError(
      '--trust needs --root (the root public key the trust list is signed with)',
    );
  }
  const text = await tokenText(arg);
  const inspection = inspectToken(text);
  const header = inspection.header;
  const typ =
    header && typeof header === 'object' && !Array.isArray(header) ? header.typ : undefined;
  const listKind = SIGNED_LIST_KINDS.find((k) => SIGNED_LIST_TYP[k] === typ);
  const verifying = listKind ? values.root !== undefined : values.trust !== undefined;
  if (!verifying) console.log(NOT_VERIFIED);

  const lines: string[] = [];
  if (listKind) {
    lines.push(`Signed ${listKind} list, ${inspection.jwsChars ?? 0} characters`);
  } else {
    lines.push(
      inspection.form === 'shc'
        ? `Form: shc:/ numeric text, ${inspection.qrTextChars} characters → JWS ${inspection.jwsChars ?? '?'} characters`
        : `Form: compact JWS, ${inspection.jwsChars} characters`,
    );
    if (inspection.jwsChars !== undefined) {
      lines.push(
        `Size: ${inspection.withinIssuerLimit ? 'within' : 'OVER'} the issuer limit of ${MAX_ISSUED_JWS_CHARS} characters; QR version ${inspection.qrVersion ?? '(does not fit)'} at ECC L`,
      );
    }
    if (inspection.payloadBytes) {
      lines.push(
        `Payload: ${inspection.payloadBytes.compressed} bytes raw DEFLATE → ${inspection.payloadBytes.inflated} bytes JSON`,
      );
    }
    if (inspection.signatureBytes !== undefined) {
      lines.push(
        `Signature: ${inspection.signatureBytes} bytes${inspection.signatureBytes === 64 ? ' (raw R‖S)' : ' (not 64-byte raw R‖S: refused by kiosks)'}`,
      );
    }
  }
  if (inspection.header !== undefined) lines.push(`Header: ${JSON.stringify(inspection.header)}`);
  if (inspection.payload !== undefined) {
    lines.push(
      `Payload${listKind ? '' : ' (patient fields masked)'}:`,
      JSON.stringify(inspection.payload, null, 2),
    );
  }
  for (const problem of inspection.problems) lines.push(`Problem: ${problem}`);
  console.log(lines.join('\n'));

  let status = inspection.problems.length > 0 ? 1 : 0;
  if (verifying) {
    const rootJwk = await publicJwk(required(values.root, '--root'), '--root');
    if (listKind) {
      const verified = verifySignedList(listKind, text.trim(), rootJwk);
      console.log(
        verified.ok
          ? `VERIFIED: a ${listKind} list version ${verified.value.version} signed by the root key (version order is checked by the kiosk on install).`
          : `REFUSED: ${verified.error.code}: ${verified.error.detail}`,
      );
      return verified.ok ? status : 1;
    }
    status = Math.max(status, await verifyAgainstTrust(text, values, rootJwk));
  } else {
    console.log(NOT_VERIFIED);
  }
  return status;
}

async function verifyAgainstTrust(
  text: string,
  values: { trust?: string; now?: string; kiosk?: string; site?: string; 'time-zone'?: string },
  rootJwk: EcPublicJwk,
): Promise<number> {
  const trustFile = path.resolve(required(values.trust, '--trust'));
  const trust = verifySignedList('trust', (await readText(trustFile, '--trust')).trim(), rootJwk);
  if (!trust.ok) {
    throw new UsageError(`--trust ${show(trustFile)}: ${trust.error.code}: ${trust.error.detail}`);
  }
  const now = values.now === undefined ? Date.now() : whenSeconds(values.now, '--now') * 1000;
  const timeZone = values['time-zone'] ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new UsageError(`--time-zone ${timeZone} is not an IANA time zone`);
  }
  const trimmed = text.trim();
  let jws = trimmed;
  if (trimmed.startsWith('shc:/')) {
    const decoded = decodeNumeric(trimmed);
    if (!decoded.ok) {
      console.log('REFUSED: malformed: the shc:/ text does not decode');
      return 1;
    }
    jws = decoded.value;
  }
  const bindingChecked = values.kiosk !== undefined || values.site !== undefined;
  const result = verifyPrescriptionJws({
    jws,
    trust: trustIndexOf(trust.value),
    now,
    kioskId: values.kiosk ?? '',
    siteId: values.site ?? '',
    timeZone,
  });
  if (result.ok) {
    console.log(
      `VERIFIED against trust list version ${trust.value.version}: signature, issuer, key window, dates and kiosk binding OK (revocation and fills are kiosk state and were not checked).`,
    );
    return 0;
  }
  if (result.error.reason === 'wrong_kiosk' && !bindingChecked) {
    // Step 11 is the last step, so every earlier one passed.
    console.log(
      `VERIFIED against trust list version ${trust.value.version}: signature, issuer, key window and dates OK; the kiosk binding was not checked (give --kiosk and --site).`,
    );
    return 0;
  }
  console.log(
    `REFUSED: ${result.error.reason}: ${result.error.detail}\n  The patient would see: "${patientMessage(result.error.reason)}"`,
  );
  return 1;
}

/** The argument itself when it is token text; otherwise a file holding it. */
async function tokenText(arg: string): Promise<string> {
  if (arg.startsWith('shc:/')) return arg;
  let isFile = false;
  try {
    isFile = (await stat(arg)).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) {
    if (arg.split('.').length === 3) return arg;
    throw new UsageError(`${arg} is neither shc:/ text, a compact JWS, nor a file`);
  }
  const bytes = await readFile(arg).catch((error: Error) => {
    throw new RunError(`cannot read ${arg}: ${error.message}`);
  });
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    throw new UsageError(
      `${arg} is a PNG picture: scan it (or open the .shc.txt beside it) and pass the shc:/ text`,
    );
  }
  return bytes.toString('utf8');
}

// ---------------------------------------------------------------------------------------------

const COMMANDS: Readonly<Record<string, (argv: string[]) => Promise<number | void>>> = {
  keys,
  sign,
  'trust-list': trustList,
  revoke,
  refill,
  inspect,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(MAIN_HELP);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    console.error(`rx: unknown command "${command}"\n\n${MAIN_HELP}`);
    return 2;
  }
  try {
    return (await run(rest)) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`rx ${command}: ${error.message}\n(see: npm run rx -- ${command} --help)`);
      return 2;
    }
    if (error instanceof RunError) {
      console.error(`rx ${command}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
