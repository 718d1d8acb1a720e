import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The real Electron shell driven by Playwright (DESIGN §8 "electron e2e"). It needs an Electron
 * binary, which `npm install` downloads unless ELECTRON_SKIP_BINARY_DOWNLOAD is set, and a display.
 * Without them the test prints one SKIPPED line with the reason and is marked skipped.
 * The shell runs with OPENDISPENSE_SHELL_STUB_KIOSK=1 (a two-screen stand-in kiosk), so this tests
 * the shell itself: window, preload, IPC sender checks, CSP and the renderer build.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'electron', 'main.cjs');

function findElectron(): { path: string } | { reason: string } {
  let path: unknown;
  try {
    path = createRequire(import.meta.url)('electron');
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      reason: `the electron package has no binary (${why}); install it without ELECTRON_SKIP_BINARY_DOWNLOAD`,
    };
  }
  if (typeof path !== 'string' || !existsSync(path))
    return { reason: `no Electron binary at ${String(path)}` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display (DISPLAY is not set); run under xvfb-run' };
  }
  return { path };
}

const electron = findElectron();
const skipReason = 'reason' in electron ? electron.reason : null;
if (skipReason) console.log(`SKIPPED electron e2e: ${skipReason}`);

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
}

describe('Electron shell', () => {
  let app: ElectronApplication | undefined;

  beforeAll(async () => {
    if (!('path' in electron)) return;
    run('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
    run('node', ['--import', 'tsx', 'scripts/build-electron.ts']);
    const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    app = await _electron.launch({
      executablePath: electron.path,
      args: [...(asRoot ? ['--no-sandbox'] : []), MAIN],
      env: { ...process.env, OPENDISPENSE_SHELL_STUB_KIOSK: '1', OPENDISPENSE_WINDOWED: '1' },
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it.skipIf(skipReason !== null)(
    'shows the attract screen, and a touch reaches main over the bridge',
    async () => {
      if (!app) throw new Error('the shell did not start');
      const page = await app.firstWindow();
      await page.locator('[data-screen="attract"]').waitFor();

      // The page sees exactly the bridge and no Node.
      const surface = await page.evaluate(() => ({
        kiosk: Object.keys((window as unknown as { kiosk: object }).kiosk).sort(),
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
      }));
      expect(surface).toEqual({
        kiosk: ['send', 'subscribe'],
        require: 'undefined',
        process: 'undefined',
      });

      await page.getByRole('button', { name: 'Touch to start' }).click();
      await page.locator('[data-screen="scan"]').waitFor();
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.locator('[data-screen="attract"]').waitFor();
    },
  );
});
