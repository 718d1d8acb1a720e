import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import {
  electronBundleOptions,
  externalImports,
  preloadBundleOptions,
} from '../../scripts/build-electron';

// scripts/build-electron.ts on a small app tree in a temp dir: the bundle must keep relative
// file reads of ESM sources working and must leave native modules to node_modules.
const root = mkdtempSync(join(tmpdir(), 'od-electron-build-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string) {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

describe('electron bundle', () => {
  it('resolves import.meta of each source file to its place in the app tree', async () => {
    write('package.json', JSON.stringify({ name: 'app', version: '7.7.7' }));
    write(
      'main/app.ts',
      `import { readFileSync } from 'node:fs';
       export const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
       export const here = import.meta.dirname;`,
    );
    write(
      'main/electron/main.ts',
      `import { version, here } from '../app';
       console.log(JSON.stringify({ version, here }));`,
    );
    const result = await build(
      electronBundleOptions(root, 'main/electron/main.ts', 'main', ['electron']),
    );
    expect(result.errors).toEqual([]);
    const out = execFileSync(process.execPath, [join(root, 'dist', 'electron', 'main.cjs')], {
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({ version: '7.7.7', here: join(root, 'main') });
  });

  it('leaves electron and native modules external', async () => {
    write(
      'main/electron/uses-native.ts',
      `import { SerialPort } from 'serialport';\nimport { app } from 'electron';\nexport const x = [SerialPort, app];`,
    );
    const result = await build({
      ...electronBundleOptions(root, 'main/electron/uses-native.ts', 'native', [
        'electron',
        'serialport',
      ]),
      write: false,
    });
    expect(externalImports(result.metafile)).toEqual(['electron', 'serialport']);
  });

  it('makes the real preload self-contained, as a sandboxed preload must be', async () => {
    const repo = join(import.meta.dirname, '..', '..');
    const result = await build({
      ...preloadBundleOptions(repo, 'main/electron/preload.ts', 'preload'),
      write: false,
    });
    expect(externalImports(result.metafile)).toEqual(['electron']);
    const code = result.outputFiles.find((file) => file.path.endsWith('.cjs'))?.text ?? '';
    expect([...code.matchAll(/\brequire\(([^)]*)\)/g)].map((m) => m[1])).toEqual(['"electron"']);
    expect(code).not.toMatch(/__dirname|__filename/);
  });
});
