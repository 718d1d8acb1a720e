import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Low } from 'lowdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PowerSafeJsonFile, UnreadableViewFileError } from '../../main/views';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'power-safe-'));
  file = path.join(dir, 'view.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('PowerSafeJsonFile', () => {
  it('reads null for a missing file, as lowdb expects', async () => {
    const adapter = new PowerSafeJsonFile<{ n: number }>(file);
    expect(await adapter.read()).toBeNull();
    expect(await adapter.readChecked()).toEqual({ kind: 'missing' });
  });

  it('writes and reads back through lowdb, leaving no temp file', async () => {
    const db = new Low(new PowerSafeJsonFile<{ items: string[] }>(file), { items: [] });
    await db.update((data) => data.items.push('a'));
    await db.update((data) => data.items.push('b'));
    const reread = new Low(new PowerSafeJsonFile<{ items: string[] }>(file), { items: [] });
    await reread.read();
    expect(reread.data).toEqual({ items: ['a', 'b'] });
    expect(await readdir(dir)).toEqual(['view.json']);
  });

  it('creates the directory of the file on first write', async () => {
    const nested = path.join(dir, 'a', 'b', 'view.json');
    await new PowerSafeJsonFile<{ n: number }>(nested).write({ n: 1 });
    expect(JSON.parse(await readFile(nested, 'utf8'))).toEqual({ n: 1 });
  });

  it('tells an empty file apart from a missing one', async () => {
    await writeFile(file, '');
    const adapter = new PowerSafeJsonFile<{ n: number }>(file);
    expect(await adapter.readChecked()).toEqual({ kind: 'empty' });
    await expect(adapter.read()).rejects.toBeInstanceOf(UnreadableViewFileError);
    await expect(adapter.read()).rejects.toMatchObject({ reason: 'empty' });
  });

  it('reports an unparseable file as corrupt', async () => {
    await writeFile(file, '{"n": 1');
    const adapter = new PowerSafeJsonFile<{ n: number }>(file);
    expect((await adapter.readChecked()).kind).toBe('corrupt');
    await expect(adapter.read()).rejects.toMatchObject({ reason: 'corrupt' });
  });

  it('reports a file of the wrong shape as corrupt when given a schema', async () => {
    await writeFile(file, '{"n": "one"}');
    const adapter = new PowerSafeJsonFile(file, z.object({ n: z.number() }));
    expect((await adapter.readChecked()).kind).toBe('corrupt');
  });

  it('applies overlapping writes in call order', async () => {
    const adapter = new PowerSafeJsonFile<{ n: number }>(file);
    await Promise.all(Array.from({ length: 20 }, (_, n) => adapter.write({ n })));
    expect(await adapter.read()).toEqual({ n: 19 });
  });

  it('serialises data when write is called, not later', async () => {
    const adapter = new PowerSafeJsonFile<{ n: number }>(file);
    const data = { n: 1 };
    const writing = adapter.write(data);
    data.n = 2;
    await writing;
    expect(await adapter.read()).toEqual({ n: 1 });
  });
});
