import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { decidePrescription } from '../../main/prescriptions/decide-prescription';
import { openListStore } from '../../main/prescriptions/list-store';
import { readPublicJwkFile } from '../../main/prescriptions/es256-key-file';

/** `npm run rx -- …` end to end, as a pharmacist would run it. */
const ROOT = join(import.meta.dirname, '..', '..');
const exec = promisify(execFile);

interface Run {
  code: number;
  out: string;
  err: string;
}
async function rx(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await exec('node', ['--import', 'tsx', 'scripts/rx.ts', ...args], {
      cwd: ROOT,
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

const PIN = '864209';
const BIRTH = '1958-02-17';
const JTI = '6a0f4a2c-1b3d-4e5f-8a9b-0c1d2e3f4a5b';
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const draft = {
  issuer: 'https://rx.example.org',
  jti: JTI,
  patient: { initials: 'AB', birthDate: BIRTH, pin: PIN },
  medication: { display: 'Amlodipine 5 mg tablets', gtin: '09506000134352' },
  dose: 'Take one tablet each morning',
  packsPerFill: 1,
  fills: 1,
  expectedSupplyDays: 28,
  validity: { start: day(-1), end: day(90) },
  binding: { kioskIds: ['kiosk-1'] },
  prescriber: { display: 'Dr. Test' },
};

/** Nothing a pharmacist tool prints may hold a secret or patient data. */
function expectNoSecrets(run: Run, qrText?: string): void {
  const text = `${run.out}\n${run.err}`;
  expect(text).not.toContain(PIN);
  expect(text).not.toContain(BIRTH);
  expect(text).not.toContain('PRIVATE KEY');
  expect(text).not.toMatch(/"d"\s*:/);
  if (qrText) expect(text).not.toContain(qrText.slice(5, 45));
}

/** A fixed, non-repeating letter sequence (Park–Miller), so DEFLATE cannot shrink the dose. */
function lettersThatDoNotCompress(length: number): string {
  let x = 1;
  return Array.from({ length }, () => {
    x = (x * 48_271) % 2_147_483_647;
    return String.fromCharCode(97 + (x % 26));
  }).join('');
}

let dir: string;
let keys: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rx-cli-'));
  keys = join(dir, 'keys');
  writeFileSync(join(dir, 'rx.json'), JSON.stringify(draft));
});

describe('rx CLI', () => {
  it('prints help for the tool and each command, and exits 2 on an unknown command', async () => {
    expect((await rx()).code).toBe(2);
    expect((await rx('--help')).code).toBe(0);
    const unknown = await rx('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command');
    for (const command of ['keys', 'sign', 'trust-list', 'revoke', 'refill', 'inspect']) {
      const help = await rx(command, '--help');
      expect(help.code, command).toBe(0);
      expect(help.out).toContain(`npm run rx -- ${command}`);
    }
  }, 60_000);

  it('keys: makes the issuer and root key pairs (0600), keeps them on a second run', async () => {
    const first = await rx('keys', '--dir', keys);
    expect(first.code).toBe(0);
    expectNoSecrets(first);
    for (const name of ['issuer', 'root']) {
      expect(statSync(join(keys, `${name}-key.private.pem`)).mode & 0o777).toBe(0o600);
    }
    const kids = first.out.match(/kid [A-Za-z0-9_-]{43}/g);
    expect(kids).toHaveLength(2);
    const second = await rx('keys', '--dir', keys);
    expect(second.out).toContain('kept');
    expect(second.out.match(/kid [A-Za-z0-9_-]{43}/g)).toEqual(kids);
  });

  it('sign → trust-list → revoke → refill: the kiosk decision follows each list', async () => {
    const signed = await rx('sign', join(dir, 'rx.json'), '--key', keys);
    expect(signed.code, signed.err).toBe(0);
    const qrText = readFileSync(join(dir, 'rx.shc.txt'), 'utf8');
    expect(qrText).toMatch(/^shc:\/[0-9]+$/);
    expect(statSync(join(dir, 'rx.png')).size).toBeGreaterThan(500);
    expect(signed.out).toMatch(/QR version \d+ \(ECC L\)/);
    expectNoSecrets(signed, qrText);
    expect(signed.out).not.toContain(JTI);

    const trust = await rx(
      'trust-list',
      '--root',
      keys,
      '--issuer',
      `https://rx.example.org=${join(keys, 'issuer-key.public.jwk')}`,
      '--out',
      join(dir, 'trust.jws'),
    );
    expect(trust.code, trust.err).toBe(0);
    const revocation = await rx('revoke', '--root', keys, '--out', join(dir, 'rev1.jws'));
    expect(revocation.code, revocation.err).toBe(0);

    const root = await readPublicJwkFile(join(keys, 'root-key.public.jwk'));
    if (!root.ok) throw new Error(root.error);
    const opened = await openListStore({ dir: join(dir, 'lists'), rootPublicJwk: root.value.jwk });
    if (!opened.ok) throw new Error(opened.error);
    const store = opened.value.store;
    const install = async (kind: 'trust' | 'revocation' | 'refill', file: string) =>
      store.install(kind, readFileSync(join(dir, file), 'utf8'));
    expect((await install('trust', 'trust.jws')).ok).toBe(true);
    expect((await install('revocation', 'rev1.jws')).ok).toBe(true);

    const decide = (count = 0) =>
      decidePrescription({
        qrText,
        lists: store.lists(),
        ledger: {
          fills: count
            ? {
                [JTI]: {
                  count,
                  lastAt: new Date(Date.now() - 40 * 86_400_000).toISOString(),
                  lastSeq: 1,
                },
              }
            : {},
          acknowledgedSeq: 1,
        },
        clockTrust: { trusted: true },
        now: Date.now(),
        kioskId: 'kiosk-1',
        siteId: 'site-1',
        timeZone: 'UTC',
        offlineWindowDays: 7,
        lastSuccessfulSync: Date.now(),
      });
    expect(decide().ok).toBe(true);
    expect(decide(1)).toMatchObject({ ok: false, error: { reason: 'no_fills_left' } });

    const refill = await rx(
      'refill',
      '--root',
      keys,
      '--jti',
      JTI,
      '--extra',
      '1',
      '--out',
      join(dir, 'refill.jws'),
    );
    expect(refill.code, refill.err).toBe(0);
    expect((await install('refill', 'refill.jws')).ok).toBe(true);
    expect(decide(1).ok).toBe(true);

    const revoked = await rx(
      'revoke',
      '--root',
      keys,
      '--from',
      join(dir, 'rev1.jws'),
      '--jti',
      JTI,
      '--lot',
      '09506000134352:LOT7',
      '--out',
      join(dir, 'rev2.jws'),
    );
    expect(revoked.code, revoked.err).toBe(0);
    expect((await install('revocation', 'rev2.jws')).ok).toBe(true);
    expect(store.current('revocation')?.index.isLotRecalled('09506000134352', 'LOT7')).toBe(true);
    expect(decide()).toMatchObject({ ok: false, error: { reason: 'revoked' } });
    // The older list is a roll-back for the kiosk.
    expect(await install('revocation', 'rev1.jws')).toMatchObject({
      ok: false,
      error: { code: 'rollback' },
    });

    const inspected = await rx('inspect', join(dir, 'rx.shc.txt'));
    expect(inspected.code).toBe(0);
    expect(inspected.out).toContain('NOT VERIFIED');
    expect(inspected.out).toContain(JTI);
    expect(inspected.out).toContain('(masked)');
    expectNoSecrets(inspected, qrText);

    const verified = await rx(
      'inspect',
      join(dir, 'rx.shc.txt'),
      '--trust',
      join(dir, 'trust.jws'),
      '--root',
      join(keys, 'root-key.public.jwk'),
      '--kiosk',
      'kiosk-1',
    );
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toContain('VERIFIED against trust list');
    expect(verified.out).not.toContain('NOT VERIFIED');
    const elsewhere = await rx(
      'inspect',
      join(dir, 'rx.shc.txt'),
      '--trust',
      join(dir, 'trust.jws'),
      '--root',
      join(keys, 'root-key.public.jwk'),
      '--kiosk',
      'kiosk-2',
    );
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.out).toContain('REFUSED: wrong_kiosk');
    const list = await rx(
      'inspect',
      join(dir, 'rev2.jws'),
      '--root',
      join(keys, 'root-key.public.jwk'),
    );
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/VERIFIED: a revocation list version \d+/);
  }, 60_000);

  it('exits 2 with a plain message on bad input, naming fields but never their values', async () => {
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ ...draft, patient: { birthDate: BIRTH, pin: '12' } }),
    );
    const bad = await rx('sign', join(dir, 'bad.json'), '--key', keys);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('patient.pin');
    expectNoSecrets(bad);

    writeFileSync(
      join(dir, 'big.json'),
      JSON.stringify({
        ...draft,
        dose: lettersThatDoNotCompress(900),
      }),
    );
    const big = await rx('sign', join(dir, 'big.json'), '--key', keys);
    expect(big.code).toBe(2);
    expect(big.err).toContain('1195');

    expect((await rx('sign', join(dir, 'rx.json'), '--key', join(dir, 'nokeys'))).code).toBe(2);
    expect((await rx('sign', join(dir, 'missing.json'), '--key', keys)).code).toBe(2);
    expect(
      (await rx('revoke', '--root', keys, '--lot', '123:abc', '--out', join(dir, 'x.jws'))).code,
    ).toBe(2);
    expect(
      (await rx('revoke', '--root', keys, '--jti', 'not-a-uuid', '--out', join(dir, 'x.jws'))).code,
    ).toBe(2);
    expect(
      (
        await rx(
          'revoke',
          '--root',
          keys,
          '--from',
          join(dir, 'rev2.jws'),
          '--version',
          '3',
          '--out',
          join(dir, 'x.jws'),
        )
      ).code,
    ).toBe(2);
    expect(
      (
        await rx(
          'refill',
          '--root',
          keys,
          '--jti',
          JTI,
          '--extra',
          '0',
          '--out',
          join(dir, 'x.jws'),
        )
      ).code,
    ).toBe(2);
    expect((await rx('trust-list', '--root', keys, '--out', join(dir, 'x.jws'))).code).toBe(2);
    expect((await rx('keys', '--dir', keys, '--bogus')).code).toBe(2);
    const png = await rx('inspect', join(dir, 'rx.png'));
    expect(png.code).toBe(2);
    expect(png.err).toContain('PNG');
    // A list signed by another root is refused as --from.
    const otherKeys = join(dir, 'other');
    await rx('keys', '--dir', otherKeys, '--only', 'root');
    const foreign = await rx(
      'revoke',
      '--root',
      otherKeys,
      '--from',
      join(dir, 'rev2.jws'),
      '--out',
      join(dir, 'x.jws'),
    );
    expect(foreign.code).toBe(2);
    expect(foreign.err).toContain('not a revocation list signed by this root key');
  }, 60_000);
});
