import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listExportTargets } from '../../main/diagnostics/export-targets';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mounts-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('export targets (mounted USB drives)', () => {
  it('offers directories on another device than their parent, two levels down at most', async () => {
    const media = path.join(dir, 'media');
    for (const d of ['tech/USB', 'tech/plain', 'tech/USB/inner', 'other/a/b/deep'])
      await mkdir(path.join(media, d), { recursive: true });
    const mounted = new Set([path.join(media, 'tech/USB'), path.join(media, 'other/a/b/deep')]);
    const { stat } = await import('node:fs/promises');
    const statOf = async (p: string) => {
      const s = await stat(p);
      return { dev: mounted.has(p) ? s.dev + 1 : s.dev, isDirectory: () => s.isDirectory() };
    };
    expect(await listExportTargets([media, path.join(dir, 'absent')], statOf)).toEqual([
      path.join(media, 'tech/USB'),
    ]);
    // Nothing mounted: nothing offered.
    expect(await listExportTargets([media])).toEqual([]);
  });
});
