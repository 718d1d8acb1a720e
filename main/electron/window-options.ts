import type { BrowserWindowConstructorOptions } from 'electron';

export interface KioskWindowConfig {
  /** Absolute path of dist/electron/preload.cjs. */
  preloadPath: string;
  /** True in a packaged build: no devtools, kiosk mode always. */
  production: boolean;
  /**
   * Development only: an ordinary window instead of full-screen kiosk mode, so a developer can
   * reach the rest of the desktop. Ignored in production. Default false.
   */
  windowed?: boolean;
}

/** Matches the page background, so nothing flashes white before the first paint. */
const BACKGROUND = '#f6f3ec';

/**
 * The one kiosk window. The renderer gets no Node, runs sandboxed in an isolated world, and sees
 * only what the preload exposes (STYLE.md "Electron boundary").
 */
export function kioskWindowOptions(config: KioskWindowConfig): BrowserWindowConstructorOptions {
  const kiosk = config.production || !config.windowed;
  return {
    kiosk,
    fullscreen: kiosk,
    frame: !kiosk,
    autoHideMenuBar: true,
    backgroundColor: BACKGROUND,
    // Shown on ready-to-show, after the first paint.
    show: false,
    width: 1280,
    height: 800,
    title: 'OpenDispense',
    webPreferences: {
      preload: config.preloadPath,
      contextIsolation: true,
      sandbox: true,
      // The kiosk speaks each screen to patients who may not read; nobody clicks first.
      autoplayPolicy: 'no-user-gesture-required',
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: !config.production,
    },
  };
}
