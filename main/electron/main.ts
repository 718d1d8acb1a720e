// Electron's main-process entry, bundled to dist/electron/main.cjs by scripts/build-electron.ts.
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import pino from 'pino';
import { startKiosk } from '../app';
import { KIOSK_HELP, parseKioskArgs } from '../kiosk-options';
import { kioskArgv } from './kiosk-argv';
import { runShell } from './shell';
import { stubKiosk } from './stub-kiosk';

const log = pino({ name: 'electron-shell' });

// dist/electron/main.cjs → dist/electron/preload.cjs and dist/renderer/index.html.
const preloadPath = join(__dirname, 'preload.cjs');
const rendererIndex = join(__dirname, '..', 'renderer', 'index.html');
const production = app.isPackaged;

function fail(message: string, code: number): void {
  process.stderr.write(`${message}\n`);
  app.exit(code);
}

// Test flag for the Electron e2e test only; a packaged build never honours it.
const useStub = !production && process.env.OPENDISPENSE_SHELL_STUB_KIOSK === '1';
const parsed = useStub ? null : parseKioskArgs(kioskArgv(process.argv, app.isPackaged));

if (parsed && !parsed.ok) {
  fail(`${parsed.error}\n\n${KIOSK_HELP}`, 2);
} else if (parsed?.value === 'help') {
  process.stdout.write(`${KIOSK_HELP}\n`);
  app.exit(0);
} else {
  const options = parsed?.value;
  process.on('SIGTERM', () => app.quit());
  process.on('SIGINT', () => app.quit());
  runShell({
    electron: { app, BrowserWindow, ipcMain, session },
    startKiosk: () =>
      options
        ? startKiosk(
            { ...options, host: 'electron' },
            {
              // The journal can no longer write: nothing may continue (DESIGN §5); same code as main/cli.ts.
              onFatal: (error) => {
                log.error({ error: error.message }, 'kiosk fatal error; exiting');
                app.exit(70);
              },
            },
          )
        : Promise.resolve(stubKiosk()),
    preloadPath,
    rendererIndex,
    production,
    windowed: !production && process.env.OPENDISPENSE_WINDOWED === '1',
    log,
  }).catch((error: unknown) => {
    log.error({ error: error instanceof Error ? error.message : String(error) }, 'shell failed');
    app.exit(1);
  });
}
