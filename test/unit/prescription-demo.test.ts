import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  DEMO_ISSUER_URL,
  DEMO_PATIENT,
  makeDemoPrescriptions,
  tamperSignature,
} from '../../main/prescriptions/demo-prescription';
import { decodeBase64UrlStrict } from '../../main/prescriptions/base64url-strict';
import { matchesPatientCheck } from '../../main/prescriptions/patient-check';
import { loadTrustList } from '../../main/prescriptions/trust';
import { verifyPrescriptionToken } from '../../main/prescriptions/verify-token';
import { NOW, makeIssuer, trustFor } from '../fixtures/prescriptions/token-forge';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

describe('demo prescriptions', () => {
  const issuer = makeIssuer();
  // 00:30 UTC: the UTC date has rolled over while zones west of UTC are still on the day before,
  // which a validity starting "today (UTC)" would refuse. Inside the fixture trust list's lifetime.
  const now = NOW + 12.5 * 3_600_000;
  const made = makeDemoPrescriptions({
    issuerKey: issuer.privateKey,
    kioskId: 'demo-kiosk',
    siteId: 'demo-site',
    now,
  });
  if (!made.ok) throw new Error(made.error);
  const [valid, bad] = made.value;
  const trust = trustFor([{ iss: DEMO_ISSUER_URL, issuer }]);
  const verify = (qrText: string, kioskId = 'demo-kiosk', timeZone = 'UTC') =>
    verifyPrescriptionToken({ qrText, trust, now, kioskId, siteId: 'demo-site', timeZone });

  it('makes a valid Amlodipine prescription the kiosk accepts', () => {
    expect(valid?.name).toBe('valid');
    expect(valid?.jws.length).toBeLessThanOrEqual(1195);
    const result = verify(valid?.qrText ?? '');
    if (!result.ok) throw new Error(`${result.error.reason}: ${result.error.detail}`);
    expect(result.value).toMatchObject({
      jti: valid?.jti,
      medication: { display: 'Amlodipine 5 mg tablets', gtins: ['09506000134352'] },
      dose: 'Take one tablet each morning',
      packsPerFill: 2,
      fillsAllowed: 2,
      kioskBinding: { kioskIds: ['demo-kiosk'], siteIds: ['demo-site'] },
    });
    expect(
      matchesPatientCheck(
        result.value.patient.check ?? '',
        DEMO_PATIENT.birthDate,
        DEMO_PATIENT.pin,
      ),
    ).toBe(true);
  });

  it('is already valid for a kiosk in any time zone', () => {
    for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Africa/Kampala']) {
      expect(verify(valid?.qrText ?? '', 'demo-kiosk', zone).ok).toBe(true);
    }
  });

  it('makes a bad-signature one that still decodes and is refused for its signature', () => {
    expect(bad?.name).toBe('bad-signature');
    expect(bad?.expected).toBe('bad_signature');
    const signature = bad?.jws.split('.')[2] ?? '';
    const decoded = decodeBase64UrlStrict(signature);
    expect(decoded.ok && decoded.value.length).toBe(64);
    const result = verify(bad?.qrText ?? '');
    expect(result.ok ? 'accepted' : result.error.reason).toBe('bad_signature');
  });

  it('changes exactly one signature character', () => {
    const jws = valid?.jws ?? '';
    const tampered = tamperSignature(jws);
    const diff = [...jws].filter((c, i) => tampered[i] !== c);
    expect(tampered.length).toBe(jws.length);
    expect(diff).toHaveLength(1);
    expect(tampered.slice(0, jws.lastIndexOf('.'))).toBe(jws.slice(0, jws.lastIndexOf('.')));
  });
});

describe('npm run rx:demo', () => {
  const script = join(ROOT, 'scripts/rx-demo.ts');
  const node = (args: string[]) =>
    run(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT });

  it('writes the texts, PNGs, trust list and README, and prints only paths', async () => {
    const base = mkdtempSync(join(tmpdir(), 'rx-demo-'));
    const out = join(base, 'out');
    const { stdout } = await node([
      '--out',
      out,
      '--keys',
      join(base, 'keys'),
      '--kiosk',
      'k-1',
      '--site',
      's-1',
    ]);
    const trust = loadTrustList(join(out, 'trust-list.json'));
    if (!trust.ok) throw new Error(trust.error);
    const expected = { valid: 'accepted', 'bad-signature': 'bad_signature' } as const;
    for (const [name, outcome] of Object.entries(expected)) {
      const text = readFileSync(join(out, `${name}.shc.txt`), 'utf8');
      expect(
        readFileSync(join(out, `${name}.png`))
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
      const result = verifyPrescriptionToken({
        qrText: text,
        trust: trust.value,
        now: Date.now(),
        kioskId: 'k-1',
        siteId: 's-1',
      });
      expect(result.ok ? 'accepted' : result.error.reason).toBe(outcome);
      expect(stdout).toContain(`npm run sim -- scan "$(cat ${join(out, `${name}.shc.txt`)})"`);
      // The terminal never shows a token.
      expect(stdout).not.toContain(text.slice(0, 30));
    }
    expect(stdout).not.toContain(DEMO_PATIENT.pin);
    expect(stdout).not.toContain(DEMO_PATIENT.birthDate);
    const readme = readFileSync(join(out, 'README.txt'), 'utf8');
    expect(readme).toContain(DEMO_PATIENT.pin);
    expect(readme).toContain(DEMO_PATIENT.birthDate);
  });

  it('shows help, and refuses bad arguments with exit code 2', async () => {
    const help = await node(['--help']);
    expect(help.stdout).toContain('Usage: npm run rx:demo -- --out DIR');
    for (const args of [
      [],
      ['--out'],
      ['--out', 'x', '--bogus'],
      ['--out', 'x', '--kiosk', 'a b'],
      ['--out', 'x', '--issuer', 'ftp://x/'],
    ]) {
      const failed = await node(args).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(failed.code, args.join(' ')).toBe(2);
      expect(failed.stderr).toMatch(/^rx:demo: /);
    }
  });
});
