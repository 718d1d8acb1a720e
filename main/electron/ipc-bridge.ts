import type { IpcMainEvent, WebContents } from 'electron';
import { UiEvent, type KioskBridge, type UiSnapshot } from '../../contracts/bridge';
import { UI_EVENT_CHANNEL, UI_SNAPSHOT_CHANNEL } from './channels';
import type { ShellLog } from './shell-log';

type IpcListener = (event: IpcMainEvent, ...args: unknown[]) => void;

export interface IpcMainLike {
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

export type KioskContents = Pick<
  WebContents,
  'id' | 'mainFrame' | 'send' | 'isDestroyed' | 'on' | 'removeListener'
>;

export interface IpcBridgeOptions {
  ipcMain: IpcMainLike;
  /** The kiosk window's web contents. */
  contents: KioskContents;
  bridge: KioskBridge;
  /** The file:// URL of dist/renderer/index.html, exactly as loaded. */
  expectedUrl: string;
  log: ShellLog;
}

/** The URL without its fragment: a hash change is the same document. */
function documentUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return null;
  }
}

/**
 * Why an IPC message must be dropped, or null when it comes from the kiosk page itself: the kiosk
 * window's web contents, its main frame (not a subframe, not a frame that has since been
 * replaced), showing the expected file:// document.
 */
export function senderProblem(
  event: Pick<IpcMainEvent, 'sender' | 'senderFrame'>,
  contents: Pick<WebContents, 'id' | 'mainFrame'>,
  expectedUrl: string,
): string | null {
  if (event.sender.id !== contents.id) return 'sender is not the kiosk window';
  const frame = event.senderFrame;
  if (!frame) return 'sender frame is gone';
  const main = contents.mainFrame;
  if (
    frame.parent !== null ||
    frame.processId !== main.processId ||
    frame.routingId !== main.routingId
  ) {
    return 'sender is not the main frame';
  }
  const expected = documentUrl(expectedUrl);
  if (!expected || !expectedUrl.startsWith('file:') || documentUrl(frame.url) !== expected) {
    return 'sender frame is not the kiosk page';
  }
  return null;
}

/**
 * Main's side of the Electron bridge. Incoming UiEvents are accepted only from the kiosk page and
 * only when they parse; everything else is dropped with a log line that names the reason, never
 * the payload. Snapshots go to the page on every change and again whenever the page (re)loads,
 * and only while the window shows the kiosk page. Returns a function that detaches it all.
 */
export function attachIpcBridge(options: IpcBridgeOptions): () => void {
  const { ipcMain, contents, bridge, expectedUrl, log } = options;
  const expectedDocument = documentUrl(expectedUrl);
  let latest: UiSnapshot | undefined;

  const onEvent: IpcListener = (event, ...args) => {
    const problem = senderProblem(event, contents, expectedUrl);
    if (problem) {
      log.warn({ channel: UI_EVENT_CHANNEL, reason: problem }, 'ipc: dropped message');
      return;
    }
    if (args.length !== 1) {
      log.warn(
        { channel: UI_EVENT_CHANNEL, reason: `expected 1 argument, got ${args.length}` },
        'ipc: dropped message',
      );
      return;
    }
    const parsed = UiEvent.safeParse(args[0]);
    if (!parsed.success) {
      // Paths and codes only: the values may be whatever a compromised page typed.
      const issues = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`,
      );
      log.warn({ channel: UI_EVENT_CHANNEL, reason: 'schema', issues }, 'ipc: dropped message');
      return;
    }
    bridge.send(parsed.data);
  };

  const push = () => {
    if (!latest || contents.isDestroyed()) return;
    // Snapshots carry what the patient is about to receive; only the kiosk page may see them.
    if (documentUrl(contents.mainFrame.url) !== expectedDocument) return;
    contents.send(UI_SNAPSHOT_CHANNEL, latest);
  };

  ipcMain.on(UI_EVENT_CHANNEL, onEvent);
  const unsubscribe = bridge.subscribe((snapshot) => {
    latest = snapshot;
    push();
  });
  // Messages sent before the preload listens are lost, so a fresh page gets the current one.
  contents.on('dom-ready', push);

  return () => {
    ipcMain.removeListener(UI_EVENT_CHANNEL, onEvent);
    unsubscribe();
    if (!contents.isDestroyed()) contents.removeListener('dom-ready', push);
  };
}
