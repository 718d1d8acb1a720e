import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME, openJournal } from '../../main/journal';
import { createEphemeralDeviceKey } from '../../main/keys';

const key = createEphemeralDeviceKey();
let dir: string;
let child: ChildProcess | null = null;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'journal-lock-'));
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  child = null;
  await rm(dir, { recursive: true, force: true });
});

/** A process that stays alive until killed, standing in for another kiosk or CLI. */
async function startIdleProcess(): Promise<ChildProcess & { pid: number }> {
  const started = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60_000)'], {
    stdio: 'ignore',
  });
  child = started;
  await once(started, 'spawn');
  if (started.pid === undefined) throw new Error('no pid');
  return started as ChildProcess & { pid: number };
}

describe('writer lock', () => {
  it('refuses to open while a live process holds the lock, and takes over once it is killed', async () => {
    const holder = await startIdleProcess();
    await writeFile(path.join(dir, LOCK_FILE_NAME), `${holder.pid}\n`);

    const refused = await openJournal({ dir, signer: key });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toEqual({ kind: 'locked', pid: holder.pid });
    expect(await readFile(path.join(dir, LOCK_FILE_NAME), 'utf8')).toBe(`${holder.pid}\n`);

    holder.kill('SIGKILL');
    await once(holder, 'exit');

    const opened = await openJournal({ dir, signer: key });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(await readFile(path.join(dir, LOCK_FILE_NAME), 'utf8')).toBe(`${process.pid}\n`);
    await opened.value.append('RX_REFUSED', { reason: 'R', detail: 'after takeover' });
    await opened.value.close();
    expect(existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
  });

  it('refuses a second journal on the same directory in the same process', async () => {
    const first = await openJournal({ dir, signer: key });
    if (!first.ok) throw new Error('first open failed');
    const second = await openJournal({ dir, signer: key });
    expect(!second.ok && second.error).toEqual({ kind: 'locked', pid: process.pid });
    await first.value.close();
    const third = await openJournal({ dir, signer: key });
    expect(third.ok).toBe(true);
    if (third.ok) await third.value.close();
  });

  it('lets exactly one of two simultaneous opens win', async () => {
    const results = await Promise.all([
      openJournal({ dir, signer: key }),
      openJournal({ dir, signer: key }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.kind === 'locked')).toHaveLength(1);
    for (const r of results) if (r.ok) await r.value.close();
  });

  it('takes over a lock file that holds no pid (damaged)', async () => {
    await writeFile(path.join(dir, LOCK_FILE_NAME), 'garbage');
    const opened = await openJournal({ dir, signer: key });
    expect(opened.ok).toBe(true);
    if (opened.ok) await opened.value.close();
  });
});
