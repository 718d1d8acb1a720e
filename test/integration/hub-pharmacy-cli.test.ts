import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHubDatabase } from '../../hub/db/open-hub-database';
import { checkPharmacistLogin } from '../../hub/pharmacy/pharmacist-accounts';

/**
 * `npm run hub -- add-pharmacist`: the account is made in the hub's data directory with the
 * password from HUB_PHARMACIST_PASSWORD or stdin, never from argv.
 */

const ROOT = path.join(import.meta.dirname, '..', '..');
let dataDir: string;

function runCli(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'hub/cli.ts', 'add-pharmacist', ...args, '--data-dir', dataDir],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: '', ...options.env },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(options.stdin ?? '');
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'hub-add-pharmacist-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run hub -- add-pharmacist', () => {
  it('refuses a password given as an argument, and makes nothing', async () => {
    const run = await runCli([
      '--user',
      'zawadi',
      '--name',
      'Zawadi K',
      '--password',
      'in argv 123456',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('HUB_PHARMACIST_PASSWORD');
  });

  it('takes the password from HUB_PHARMACIST_PASSWORD', async () => {
    const run = await runCli(['--user', 'amina', '--name', 'Amina Njoroge'], {
      env: { HUB_PHARMACIST_PASSWORD: 'from the environment' },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('pharmacist amina (Amina Njoroge) created');
    expect(run.stdout + run.stderr).not.toContain('from the environment');
  });

  it('takes the password from stdin', async () => {
    const run = await runCli(['--user', 'baraka', '--name', 'Baraka O'], {
      stdin: 'typed on stdin 42\n',
    });
    expect(run.code, run.stderr).toBe(0);
  });

  it('refuses a short password and an existing user name', async () => {
    const short = await runCli(['--user', 'chidi', '--name', 'Chidi'], { stdin: 'short\n' });
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 10 characters');
    const again = await runCli(['--user', 'amina', '--name', 'Amina again'], {
      stdin: 'another password\n',
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
  });

  it('made accounts that sign in with those passwords', async () => {
    const db = await openHubDatabase({ dataDir });
    try {
      const now = Date.now();
      expect((await checkPharmacistLogin(db, 'amina', 'from the environment', now)).ok).toBe(true);
      expect((await checkPharmacistLogin(db, 'baraka', 'typed on stdin 42', now)).ok).toBe(true);
      const { rows } = await db.query<{ username: string }>(
        'SELECT username FROM pharmacists ORDER BY username',
      );
      expect(rows.map((r) => r.username)).toEqual(['amina', 'baraka']);
    } finally {
      await db.close();
    }
  });
});
