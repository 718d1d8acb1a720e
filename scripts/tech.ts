/**
 * `npm run tech -- <command>`: technician credentials for sites and tests without a hub (issue 9;
 * the hub console issues the same). keys, badge, roster, install; each has --help.
 *
 * PINs are never taken from the command line (argv is visible to every user in `ps`): `roster`
 * reads each technician's PIN from the environment (TECH_PIN_<ID>, the id upper-cased with every
 * other character as `_`: T-1 → TECH_PIN_T_1) or, with --pins-stdin, from `ID:PIN` lines on
 * stdin. Nothing secret is printed: no private key, no PIN, no badge text (files are written 0600).
 * Exit codes: 0 done, 1 could not read/write/install, 2 bad input.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { KeyObject } from 'node:crypto';
import { callAdmin } from '../main/admin/admin-client';
import { readAdminEndpoint } from '../main/admin/admin-endpoint-file';
import { InstallRosterAnswer } from '../main/admin/admin-operations';
import { parsePrivateKeyPem, type Es256KeyFileError } from '../main/prescriptions/es256-key-file';
import { renderTokenQr } from '../main/prescriptions/qr';
import { loadRootKey, loadRootPublicKey } from '../main/prescriptions/root-key';
import { BADGE_PREFIX } from '../main/prescriptions/shc-numeric';
import { INCOMING_DIR } from '../main/sync/incoming';
import { signBadge } from '../main/technician/badge';
import {
  BADGE_ISSUER_KEY_FILES,
  loadBadgeIssuerKey,
  loadOrCreateBadgeIssuerKey,
} from '../main/technician/badge-issuer-key';
import {
  ROLE_PATTERN,
  signRoster,
  TECH_PIN_PATTERN,
  TECHNICIAN_ID_PATTERN,
  technicianPinCheck,
  verifyRoster,
  type Roster,
  type RosterTechnician,
} from '../main/technician/roster';
import { ROSTER_FILE } from '../main/technician/roster-store';

const DAY_S = 86_400;
const DEFAULT_BADGE_DAYS = 30;
/** A roster outlives a long offline spell: a technician is most needed when the link is down. */
const DEFAULT_ROSTER_DAYS = 180;

class UsageError extends Error {}
class RunError extends Error {}

const MAIN_HELP = `Usage: npm run tech -- <command> [options]

Technician credentials (no hub needed):
  keys      make a badge issuer key pair (its public JWK goes in the trust list's badgeIssuers)
  badge     sign a service badge: .jws, odb:/ text and a QR PNG
  roster    sign the technician roster (ids, names, roles, PIN check values) with the root key
  install   give a signed roster to a kiosk (running: at once; stopped: at its next start)

Run "npm run tech -- <command> --help" for a command's options.
Exit codes: 0 done, 1 could not read/write/install, 2 bad input.`;

const HELP: Readonly<Record<string, string>> = {
  keys: `Usage: npm run tech -- keys --dir DIR

Makes (or keeps, when present) the badge issuer key pair in DIR:
  badge-issuer-key.private.pem (0600)  signs badges; keep it secret
  badge-issuer-key.public.jwk           add to the trust list: npm run rx -- trust-list … --badge-issuer FILE
A prescription issuer key must never be used for badges (kiosks refuse such badges).`,
  badge: `Usage: npm run tech -- badge --issuer-key FILE|DIR --id ID --name NAME --out DIR [options]

Signs a service badge (prescription-token.md §4a) for technician ID.
  --issuer-key FILE|DIR  the badge issuer private key (PEM file, or the directory "tech keys" made)
  --id ID                technician id, as on the roster (A–Z a–z 0–9 . _ -, up to 64)
  --name NAME            the name printed for people
  --roles R[,R…]         roles (default technician)
  --days N               valid for N days from --not-before (default ${DEFAULT_BADGE_DAYS})
  --not-before WHEN      start of validity (default now); YYYY-MM-DD, ISO date-time or epoch seconds
  --badge-id ID          the badge id (jti) (default a random UUID); revoke it with rx revoke --badge
  --out DIR              writes ID.badge.jws, ID.odb.txt and ID.badge.png (0600)
The PIN is not on the badge: it is on the roster (tech roster).`,
  roster: `Usage: npm run tech -- roster --root-key DIR --tech ID:NAME[:ROLES] [...] --out FILE [options]

Signs the technician roster with the operator root key in DIR (made by "rx keys").
  --tech ID:NAME[:ROLES]  a technician (repeatable); ROLES comma-separated, default technician.
                          NAME may not contain ":".
  --from FILE             the current signed roster: technicians not given again are kept
                          (with their PINs), and the version goes up from its version
  --remove ID             drop a technician kept from --from (repeatable)
  --pins-stdin            read "ID:PIN" lines from stdin
  --version N             explicit version (default: max(previous + 1, now in epoch seconds))
  --valid-days N          expiresAt = now + N days (default ${DEFAULT_ROSTER_DAYS})
  --out FILE              where to write the signed roster (compact JWS)
PINs (6–12 digits) are read from TECH_PIN_<ID> (T-1 → TECH_PIN_T_1) or --pins-stdin, never argv.`,
  install: `Usage: npm run tech -- install FILE [--data-dir DIR]

Gives the signed roster in FILE to the kiosk with data directory DIR (default .opendispense/kiosk).
It is checked against the kiosk's root key first. A running kiosk installs it at once through its
admin endpoint (journaled as LIST_INSTALLED); a stopped one finds it in DIR/incoming/ at its next
start. A roster whose version is not higher than the installed one is refused.`,
};

type Options = NonNullable<ParseArgsConfig['options']>;

function parse<T extends Options>(argv: string[], options: T, positionals = 0) {
  const config = {
    args: argv,
    options: { ...options, help: { type: 'boolean' } },
    strict: true,
    allowPositionals: true,
  } as const;
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length > positionals) throw new UsageError('unexpected extra argument(s)');
  return parsed;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[0-9]{1,9}$/.test(value) || Number(value) < 1)
    throw new UsageError(`${flag} must be a positive whole number`);
  return Number(value);
}

function whenSeconds(value: string, flag: string): number {
  if (/^[0-9]{1,12}$/.test(value)) return Number(value);
  const iso = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const ms = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2})$/.test(iso)
    ? Date.parse(iso)
    : NaN;
  if (Number.isNaN(ms))
    throw new UsageError(
      `${flag} must be YYYY-MM-DD, an ISO date-time with offset, or epoch seconds`,
    );
  return Math.floor(ms / 1000);
}

function roles(text: string | undefined, flag: string): string[] {
  const list = (text ?? 'technician').split(',').map((r) => r.trim());
  for (const r of list) {
    if (!ROLE_PATTERN.test(r))
      throw new UsageError(`${flag}: role "${r}" must be lower-case a–z 0–9 _ -`);
  }
  return list;
}

async function writeSecretFile(file: string, data: string | Buffer): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temp, data, { mode: 0o600 });
    await rename(temp, file);
  } catch (error) {
    throw new RunError(`cannot write ${file}: ${(error as Error).message}`);
  }
}

function keyError(error: Es256KeyFileError, what: string): Error {
  if (error.kind === 'missing') return new UsageError(`no ${what} in ${path.dirname(error.path)}`);
  if (error.kind === 'invalid_key') return new UsageError(`${what} ${error.path}: ${error.detail}`);
  return new RunError(`${what} ${error.path}: ${error.detail}`);
}

/** `--issuer-key` names the PEM file itself or the directory `tech keys` made. */
async function badgeIssuerKey(where: string): Promise<KeyObject> {
  const resolved = path.resolve(where);
  let isDir = false;
  try {
    isDir = (await stat(resolved)).isDirectory();
  } catch {
    throw new UsageError(`--issuer-key ${where} does not exist`);
  }
  if (isDir) {
    const key = await loadBadgeIssuerKey(resolved);
    if (!key.ok) throw keyError(key.error, 'badge issuer key');
    return key.value.privateKey;
  }
  const pem = await readFile(resolved, 'utf8').catch((e: Error) => {
    throw new RunError(`cannot read --issuer-key ${where}: ${e.message}`);
  });
  const key = parsePrivateKeyPem(pem);
  if (!key.ok) throw new UsageError(`--issuer-key ${where}: ${key.error}`);
  return key.value;
}

// ---------------------------------------------------------------------------------------------
// Commands

async function keys(argv: string[]): Promise<void> {
  const { values } = parse(argv, { dir: { type: 'string' } });
  if (values.help) return void console.log(HELP.keys);
  const dir = path.resolve(required(values.dir, '--dir'));
  const key = await loadOrCreateBadgeIssuerKey(dir);
  if (!key.ok) throw keyError(key.error, 'badge issuer key');
  console.log(
    `badge issuer key ${key.value.created ? 'made' : 'kept (already there)'}: kid ${key.value.kid}\n` +
      `  public JWK (for rx trust-list --badge-issuer): ${path.join(dir, BADGE_ISSUER_KEY_FILES.publicFile)}\n` +
      `  private key (0600, keep it secret): ${path.join(dir, BADGE_ISSUER_KEY_FILES.privateFile)}`,
  );
}

async function badge(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    'issuer-key': { type: 'string' },
    id: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'string' },
    days: { type: 'string' },
    'not-before': { type: 'string' },
    'badge-id': { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) return void console.log(HELP.badge);
  const id = required(values.id, '--id');
  if (!TECHNICIAN_ID_PATTERN.test(id))
    throw new UsageError('--id must be 1–64 of A–Z a–z 0–9 . _ -');
  const name = required(values.name, '--name');
  const out = path.resolve(required(values.out, '--out'));
  const key = await badgeIssuerKey(required(values['issuer-key'], '--issuer-key'));
  const nbf = values['not-before']
    ? whenSeconds(values['not-before'], '--not-before')
    : Math.floor(Date.now() / 1000);
  const exp = nbf + positiveInt(values.days, '--days', DEFAULT_BADGE_DAYS) * DAY_S;
  const signed = signBadge(key, {
    technicianId: id,
    name,
    roles: roles(values.roles, '--roles'),
    nbf,
    exp,
    ...(values['badge-id'] && { jti: values['badge-id'] }),
  });
  if (!signed.ok) throw new UsageError(`the badge is not valid: ${signed.error}`);
  const qr = await renderTokenQr(signed.value.qrText, { prefix: BADGE_PREFIX, maxVersion: 40 });
  if (!qr.ok) throw new RunError(`cannot draw the QR: ${qr.error.detail}`);
  await mkdir(out, { recursive: true });
  const files = {
    jws: path.join(out, `${id}.badge.jws`),
    text: path.join(out, `${id}.odb.txt`),
    png: path.join(out, `${id}.badge.png`),
  };
  await writeSecretFile(files.jws, signed.value.jws);
  await writeSecretFile(files.text, signed.value.qrText);
  await writeSecretFile(files.png, qr.value.png);
  console.log(
    `badge for ${id} (badge id ${signed.value.claims.jti}), valid ${new Date(nbf * 1000).toISOString()} → ${new Date(exp * 1000).toISOString()}, issuer kid ${signed.value.kid}\n` +
      `  ${files.jws}\n  ${files.text}\n  ${files.png} (QR version ${qr.value.version})`,
  );
}

/** TECH_PIN_<ID>: T-1 → TECH_PIN_T_1. */
function pinEnvName(id: string): string {
  return `TECH_PIN_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseTech(spec: string): { id: string; name: string; roles: string[] } {
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3)
    throw new UsageError('--tech must be ID:NAME or ID:NAME:ROLES (NAME without ":")');
  const [id = '', name = '', roleText] = parts;
  if (!TECHNICIAN_ID_PATTERN.test(id))
    throw new UsageError(`--tech ${id}: the id must be 1–64 of A–Z a–z 0–9 . _ -`);
  if (name.trim() === '' || name.length > 100)
    throw new UsageError(`--tech ${id}: the name must be 1–100 characters`);
  return { id, name: name.trim(), roles: roles(roleText, `--tech ${id}`) };
}

async function roster(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    'root-key': { type: 'string' },
    tech: { type: 'string', multiple: true },
    from: { type: 'string' },
    remove: { type: 'string', multiple: true },
    'pins-stdin': { type: 'boolean' },
    version: { type: 'string' },
    'valid-days': { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) return void console.log(HELP.roster);
  const out = path.resolve(required(values.out, '--out'));
  const root = await loadRootKey(path.resolve(required(values['root-key'], '--root-key')));
  if (!root.ok) throw keyError(root.error, 'root key');
  const specs = (values.tech ?? []).map(parseTech);
  if (new Set(specs.map((s) => s.id)).size !== specs.length)
    throw new UsageError('a --tech id is given twice');

  let previous: Roster | undefined;
  if (values.from) {
    const jws = (
      await readFile(path.resolve(values.from), 'utf8').catch(() => {
        throw new UsageError(`--from ${values.from} cannot be read`);
      })
    ).trim();
    const verified = verifyRoster(jws, root.value.publicJwk);
    if (!verified.ok)
      throw new UsageError(
        `--from ${values.from} is not a roster signed by this root key (${verified.error.code})`,
      );
    previous = verified.value;
  }
  if (specs.length === 0 && !previous)
    throw new UsageError('at least one --tech ID:NAME (or --from FILE)');

  const stdinPins = new Map<string, string>();
  if (values['pins-stdin']) {
    for (const line of (await readStdin()).split(/\r?\n/)) {
      if (line.trim() === '') continue;
      const at = line.indexOf(':');
      if (at < 1) throw new UsageError('--pins-stdin: each line must be ID:PIN');
      stdinPins.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
    }
  }
  const removed = new Set(values.remove ?? []);
  const technicians = new Map<string, RosterTechnician>();
  for (const kept of previous?.technicians ?? [])
    if (!removed.has(kept.id)) technicians.set(kept.id, kept);
  for (const spec of specs) {
    const pin = stdinPins.get(spec.id) ?? process.env[pinEnvName(spec.id)];
    const existing = technicians.get(spec.id);
    if (pin === undefined && !existing) {
      throw new UsageError(
        `no PIN for ${spec.id}: set ${pinEnvName(spec.id)} or give "${spec.id}:PIN" on stdin with --pins-stdin`,
      );
    }
    if (pin !== undefined && !TECH_PIN_PATTERN.test(pin))
      throw new UsageError(`the PIN for ${spec.id} must be 6–12 digits`);
    technicians.set(spec.id, {
      id: spec.id,
      name: spec.name,
      roles: spec.roles,
      pin:
        pin !== undefined ? technicianPinCheck(spec.id, pin) : (existing as RosterTechnician).pin,
    });
  }

  const issuedAt = Math.floor(Date.now() / 1000);
  const explicit = values.version === undefined ? undefined : Number(values.version);
  if (explicit !== undefined && (!Number.isSafeInteger(explicit) || explicit < 0))
    throw new UsageError('--version must be a whole number');
  const version = explicit ?? Math.max((previous?.version ?? -1) + 1, issuedAt);
  if (previous && version <= previous.version)
    throw new UsageError(`--version must be above ${previous.version}`);
  const payload: Roster = {
    version,
    issuedAt,
    expiresAt:
      issuedAt + positiveInt(values['valid-days'], '--valid-days', DEFAULT_ROSTER_DAYS) * DAY_S,
    technicians: [...technicians.values()],
  };
  const jws = signRoster(payload, root.value.privateKey);
  if (!jws.ok) throw new UsageError(`the roster is not valid: ${jws.error.detail}`);
  await writeSecretFile(out, jws.value);
  console.log(
    `roster version ${version}, ${payload.technicians.length} technician(s) (${payload.technicians.map((t) => t.id).join(', ')}), expires ${new Date(payload.expiresAt * 1000).toISOString()}: ${out}`,
  );
}

async function install(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { 'data-dir': { type: 'string' } }, 1);
  if (values.help) {
    console.log(HELP.install);
    return 0;
  }
  const file = path.resolve(required(positionals[0], 'the roster FILE'));
  const dataDir = path.resolve(values['data-dir'] ?? '.opendispense/kiosk');
  const jws = (
    await readFile(file, 'utf8').catch(() => {
      throw new UsageError(`${file} cannot be read`);
    })
  ).trim();
  const root = await loadRootPublicKey(path.join(dataDir, 'root-key.public.jwk'));
  if (!root.ok) throw new UsageError(`the kiosk's root key: ${root.error}`);
  const verified = verifyRoster(jws, root.value.jwk);
  if (!verified.ok)
    throw new UsageError(
      `${file} is not a roster this kiosk accepts: ${verified.error.code}: ${verified.error.detail}`,
    );

  const endpoint = await readAdminEndpoint(dataDir);
  if (endpoint.ok) {
    const answer = await callAdmin(endpoint.value, 'installRoster', { jws }, InstallRosterAnswer);
    if (!answer.ok) throw new RunError(`the kiosk did not answer: ${answer.error.detail}`);
    if (!answer.value.ok) throw new RunError(`the kiosk refused the roster: ${answer.value.error}`);
    console.log(
      `installed roster version ${answer.value.version} (${answer.value.technicians} technician(s)) on the running kiosk`,
    );
    return 0;
  }
  const incoming = path.join(dataDir, INCOMING_DIR);
  await mkdir(incoming, { recursive: true });
  await writeSecretFile(path.join(incoming, ROSTER_FILE), jws);
  console.log(
    `no kiosk running: roster version ${verified.value.version} placed in ${incoming}; it is installed at the next start`,
  );
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'keys':
        await keys(rest);
        return 0;
      case 'badge':
        await badge(rest);
        return 0;
      case 'roster':
        await roster(rest);
        return 0;
      case 'install':
        return await install(rest);
      case undefined:
      case '--help':
      case 'help':
        console.log(MAIN_HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`tech: ${error.message}\n\n${(command && HELP[command]) || MAIN_HELP}`);
      return 2;
    }
    if (error instanceof RunError) {
      console.error(`tech: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
