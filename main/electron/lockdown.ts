import type { App, Input, Session, WebContents } from 'electron';
import type { ShellLog } from './shell-log';

/**
 * The kiosk shows one page and nothing else: no navigation, no new windows, no webviews, no
 * permissions (camera, serial, HID…: main talks to the devices, the page never does), no
 * downloads. Every refusal is logged with what was refused but not with page data.
 */

type LockableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler' | 'id'>;

/** Keyboard shortcuts that would reload, zoom, close or inspect the kiosk page. */
export function isBlockedShortcut(
  input: Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'alt' | 'shift'>,
): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  const command = input.control || input.meta;
  if (key === 'f5' || key === 'f11' || key === 'f12') return true;
  if (command && ['r', 'w', 'q', 'n', 't', 'p', 's', 'o', '+', '=', '-', '0'].includes(key))
    return true;
  if (command && input.shift && ['i', 'j', 'c'].includes(key)) return true;
  if (input.alt && ['f4', 'arrowleft', 'arrowright', 'home'].includes(key)) return true;
  return false;
}

export interface LockDownOptions {
  /** In production the reload/zoom/devtools shortcuts are swallowed too. */
  production: boolean;
}

export function lockDownWebContents(
  contents: LockableContents,
  log: ShellLog,
  options: LockDownOptions,
): void {
  // Untyped on purpose: the handlers only need preventDefault, and the overloads differ per event.
  const deny = (what: string) => (event: { preventDefault(): void }) => {
    event.preventDefault();
    log.warn({ webContents: contents.id, what }, 'lockdown: refused');
  };
  contents.on('will-navigate', deny('navigation'));
  contents.on('will-frame-navigate', deny('frame navigation'));
  contents.on('will-redirect', deny('redirect'));
  contents.on('will-attach-webview', deny('webview'));
  contents.setWindowOpenHandler(() => {
    log.warn({ webContents: contents.id, what: 'new window' }, 'lockdown: refused');
    return { action: 'deny' };
  });
  if (options.production) {
    contents.on('before-input-event', (event, input) => {
      if (isBlockedShortcut(input)) event.preventDefault();
    });
  }
}

type LockableSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'on'
>;

export function lockDownSession(session: LockableSession, log: ShellLog): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn({ permission }, 'lockdown: permission request denied');
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => {
    event.preventDefault();
    log.warn({ what: 'download' }, 'lockdown: refused');
  });
}

/** Locks down every web contents the app ever creates, including ones we did not ask for. */
export function lockDownApp(app: Pick<App, 'on'>, log: ShellLog, options: LockDownOptions): void {
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents, log, options));
}
