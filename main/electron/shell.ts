import { pathToFileURL } from 'node:url';
import type { App, BrowserWindow, BrowserWindowConstructorOptions, Session } from 'electron';
import { installCsp } from './csp';
import { attachIpcBridge, type IpcMainLike } from './ipc-bridge';
import { lockDownApp, lockDownSession } from './lockdown';
import { outOfServiceKiosk } from './out-of-service-kiosk';
import type { RunningKiosk } from './running-kiosk';
import type { ShellLog } from './shell-log';
import { kioskWindowOptions } from './window-options';

/** After the page's renderer process dies, wait this long before loading it again (no tight crash loop). */
export const RELOAD_AFTER_CRASH_MS = 2_000;

/** The parts of the electron module the shell uses; tests pass stubs. */
export interface ShellElectron {
  app: Pick<App, 'on' | 'whenReady' | 'quit' | 'requestSingleInstanceLock'>;
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  ipcMain: IpcMainLike;
  session: { defaultSession: Session };
}

export interface ShellOptions {
  electron: ShellElectron;
  /** Starts the kiosk (main/app.ts startKiosk with the parsed options). */
  startKiosk: () => Promise<RunningKiosk>;
  /** Absolute paths of dist/electron/preload.cjs and dist/renderer/index.html. */
  preloadPath: string;
  rendererIndex: string;
  /** Packaged build: no devtools, shortcuts locked, always kiosk mode. */
  production: boolean;
  /** Development only: an ordinary window. Default false. */
  windowed?: boolean;
  log: ShellLog;
}

export interface RunningShell {
  window: BrowserWindow;
  kiosk: RunningKiosk;
}

/**
 * The Electron host (DESIGN §2): lock the app down, start the kiosk, open the one kiosk window on
 * dist/renderer/index.html and connect it to the kiosk bridge over the two IPC channels. Quitting
 * stops the kiosk first (it closes the journal and the devices) and only then lets Electron exit.
 */
export async function runShell(options: ShellOptions): Promise<RunningShell | null> {
  const { electron, log, production } = options;
  const { app } = electron;

  // One kiosk per machine; the journal lock would refuse a second one anyway.
  if (!app.requestSingleInstanceLock()) {
    log.warn({}, 'another kiosk shell is already running; quitting');
    app.quit();
    return null;
  }
  lockDownApp(app, log, { production });

  // Set once the kiosk starts; a quit that comes earlier or meanwhile waits for it.
  const start: { kiosk?: Promise<RunningKiosk> } = {};
  let quitting = false;
  let stopped = false;
  let detach: () => void = () => {};

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    if (quitting) return;
    quitting = true;
    detach();
    // Wait for a kiosk that is still starting, then stop it, then really quit.
    void (async () => {
      try {
        const kiosk = await start.kiosk;
        await kiosk?.stop();
      } catch (error) {
        log.error({ error: String(error) }, 'kiosk did not stop cleanly');
      } finally {
        stopped = true;
        app.quit();
      }
    })();
  });

  await app.whenReady();
  const session = electron.session.defaultSession;
  lockDownSession(session, log);
  installCsp(session);

  start.kiosk = options.startKiosk().catch((error: unknown) => {
    log.error(
      { error: error instanceof Error ? error.message : String(error) },
      'kiosk failed to start; showing out of service',
    );
    return outOfServiceKiosk();
  });
  const kiosk = await start.kiosk;
  if (quitting) return null;

  const window = new electron.BrowserWindow(
    kioskWindowOptions({
      preloadPath: options.preloadPath,
      production,
      windowed: options.windowed,
    }),
  );
  const contents = window.webContents;
  detach = attachIpcBridge({
    ipcMain: electron.ipcMain,
    contents,
    bridge: kiosk.bridge,
    expectedUrl: pathToFileURL(options.rendererIndex).href,
    log,
  });

  window.once('ready-to-show', () => window.show());
  // No pinch zoom on the touchscreen.
  void contents.setVisualZoomLevelLimits(1, 1).catch(() => {});
  contents.on('render-process-gone', (_event, details) => {
    log.error(
      { reason: details.reason, exitCode: details.exitCode },
      'kiosk page crashed; reloading',
    );
    setTimeout(() => {
      if (!quitting && !window.isDestroyed())
        void window.loadFile(options.rendererIndex).catch(() => {});
    }, RELOAD_AFTER_CRASH_MS);
  });

  await window.loadFile(options.rendererIndex);
  log.info({ production }, 'kiosk window loaded');
  return { window, kiosk };
}
