import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { KioskBridge, UiEvent, UiSnapshot } from '../../contracts/bridge';
import { UI_EVENT_CHANNEL, UI_SNAPSHOT_CHANNEL } from '../../main/electron/channels';
import {
  CSP_DIRECTIVES,
  installCsp,
  KIOSK_CSP_HEADER,
  KIOSK_CSP_META,
} from '../../main/electron/csp';
import { attachIpcBridge, type KioskContents } from '../../main/electron/ipc-bridge';
import { kioskArgv } from '../../main/electron/kiosk-argv';
import {
  isBlockedShortcut,
  lockDownApp,
  lockDownSession,
  lockDownWebContents,
} from '../../main/electron/lockdown';
import { runShell, type ShellElectron } from '../../main/electron/shell';
import type { ShellLog } from '../../main/electron/shell-log';
import { kioskWindowOptions } from '../../main/electron/window-options';

// The shell's modules run against this stub of the electron module (DESIGN §8 "electron unit"):
// there is no Electron binary here, and the tests must not need one.
const electronStub = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { on: vi.fn(), send: vi.fn() },
}));
vi.mock('electron', () => electronStub);

const ROOT = join(import.meta.dirname, '..', '..');
const INDEX = join(ROOT, 'dist', 'renderer', 'index.html');
const KIOSK_URL = pathToFileURL(INDEX).href;

function collectingLog(): ShellLog & {
  lines: Array<{ level: string; fields: Record<string, unknown>; message: string }>;
} {
  const lines: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) =>
    lines.push({ level, fields, message });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

function snapshot(version: number, screen: UiSnapshot['screen'] = 'attract'): UiSnapshot {
  return { version, screen, kioskName: 'Test post', language: 'en', devices: [] };
}

/** A kiosk bridge whose snapshots the test pushes and whose received events it reads. */
function fakeBridge() {
  const listeners = new Set<(s: UiSnapshot) => void>();
  const received: UiEvent[] = [];
  const bridge: KioskBridge = {
    subscribe(onSnapshot) {
      listeners.add(onSnapshot);
      return () => listeners.delete(onSnapshot);
    },
    send: (event) => received.push(event),
  };
  return { bridge, received, emit: (s: UiSnapshot) => listeners.forEach((l) => l(s)), listeners };
}

interface FakeFrame {
  url: string;
  processId: number;
  routingId: number;
  parent: FakeFrame | null;
}

class FakeContents extends EventEmitter {
  readonly id = 7;
  readonly mainFrame: FakeFrame = { url: KIOSK_URL, processId: 3, routingId: 1, parent: null };
  readonly sent: Array<[string, unknown]> = [];
  openHandler: ((details: unknown) => { action: string }) | undefined;
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return false;
  }
  setWindowOpenHandler(handler: (details: unknown) => { action: string }) {
    this.openHandler = handler;
  }
  setVisualZoomLevelLimits() {
    return Promise.resolve();
  }
}

function ipcEvent(contents: FakeContents, frame: FakeFrame | null) {
  return { sender: { id: contents.id }, senderFrame: frame };
}

describe('kiosk window options', () => {
  it('isolates the page: context isolation, sandbox, no Node, web security, preload set', () => {
    const options = kioskWindowOptions({
      preloadPath: '/app/dist/electron/preload.cjs',
      production: true,
    });
    expect(options.kiosk).toBe(true);
    expect(options.fullscreen).toBe(true);
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
  });

  it('allows devtools and a plain window only outside production', () => {
    const dev = kioskWindowOptions({ preloadPath: '/p', production: false, windowed: true });
    expect(dev.webPreferences?.devTools).toBe(true);
    expect(dev.kiosk).toBe(false);
    const prod = kioskWindowOptions({ preloadPath: '/p', production: true, windowed: true });
    expect(prod.kiosk).toBe(true);
    expect(prod.webPreferences?.devTools).toBe(false);
    expect(prod.webPreferences?.sandbox).toBe(true);
  });
});

describe('content security policy', () => {
  it('is strict: self only, no eval, no inline, no remote origins', () => {
    expect(KIOSK_CSP_HEADER).toContain("default-src 'self'");
    expect(KIOSK_CSP_HEADER).toContain("script-src 'self'");
    expect(KIOSK_CSP_HEADER).toContain("object-src 'none'");
    expect(KIOSK_CSP_HEADER).toContain("frame-ancestors 'none'");
    expect(KIOSK_CSP_HEADER).not.toMatch(/unsafe-eval|unsafe-inline|https?:|ws:|\*/);
  });

  it('replaces any CSP header on every response', () => {
    let listener: ((details: unknown, callback: (response: unknown) => void) => void) | undefined;
    const session = { webRequest: { onHeadersReceived: vi.fn((l) => (listener = l)) } };
    installCsp(session as never);
    expect(listener).toBeDefined();
    const callback = vi.fn();
    listener?.(
      {
        responseHeaders: {
          'content-security-policy': ["default-src *; script-src 'unsafe-eval'"],
          'X-Other': ['1'],
        },
      },
      callback,
    );
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [KIOSK_CSP_HEADER] },
    });
    const bare = vi.fn();
    listener?.({}, bare);
    expect(bare).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Security-Policy': [KIOSK_CSP_HEADER] },
    });
  });

  it('is the same policy as the meta tag in renderer/index.html', () => {
    const html = readFileSync(join(ROOT, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(KIOSK_CSP_META);
    expect(KIOSK_CSP_META).toBe(CSP_DIRECTIVES.join('; '));
  });
});

describe('lockdown', () => {
  it('prevents navigation, redirects and webviews, and denies new windows', () => {
    const contents = new FakeContents();
    const log = collectingLog();
    lockDownWebContents(contents as never, log, { production: true });
    for (const name of [
      'will-navigate',
      'will-frame-navigate',
      'will-redirect',
      'will-attach-webview',
    ]) {
      const event = { preventDefault: vi.fn() };
      contents.emit(name, event, 'https://evil.example/');
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
    expect(contents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(log.lines.every((line) => !JSON.stringify(line).includes('evil.example'))).toBe(true);
  });

  it('swallows reload, devtools, zoom and close shortcuts in production, but not typing', () => {
    const contents = new FakeContents();
    lockDownWebContents(contents as never, collectingLog(), { production: true });
    const press = (input: Record<string, unknown>) => {
      const event = { preventDefault: vi.fn() };
      contents.emit('before-input-event', event, {
        type: 'keyDown',
        control: false,
        meta: false,
        alt: false,
        shift: false,
        ...input,
      });
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(press({ key: 'r', control: true })).toBe(true);
    expect(press({ key: 'F5' })).toBe(true);
    expect(press({ key: 'I', control: true, shift: true })).toBe(true);
    expect(press({ key: 'F4', alt: true })).toBe(true);
    expect(press({ key: '5' })).toBe(false);
    expect(press({ key: 'Enter' })).toBe(false);
    expect(press({ key: ']', control: true })).toBe(false); // a wedge scanner's GS
    expect(
      isBlockedShortcut({
        type: 'keyUp',
        key: 'F5',
        control: false,
        meta: false,
        alt: false,
        shift: false,
      }),
    ).toBe(false);
  });

  it('denies every permission request and check, device access and downloads', () => {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const session = Object.assign(new EventEmitter(), {
      setPermissionRequestHandler: (h: never) => (handlers.request = h),
      setPermissionCheckHandler: (h: never) => (handlers.check = h),
      setDevicePermissionHandler: (h: never) => (handlers.device = h),
    });
    lockDownSession(session as never, collectingLog());
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'fullscreen',
    ]) {
      const callback = vi.fn();
      (handlers.request as (...a: unknown[]) => void)({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect((handlers.check as (...a: unknown[]) => boolean)({}, 'serial', 'file://', {})).toBe(
      false,
    );
    expect((handlers.check as (...a: unknown[]) => boolean)({}, 'hid', 'file://', {})).toBe(false);
    expect((handlers.device as (...a: unknown[]) => boolean)({ deviceType: 'usb' })).toBe(false);
    const download = { preventDefault: vi.fn() };
    session.emit('will-download', download);
    expect(download.preventDefault).toHaveBeenCalled();
  });

  it('locks down every web contents the app creates', () => {
    const app = new EventEmitter();
    lockDownApp(app as never, collectingLog(), { production: false });
    const contents = new FakeContents();
    app.emit('web-contents-created', {}, contents);
    const event = { preventDefault: vi.fn() };
    contents.emit('will-navigate', event, 'file:///etc/passwd');
    expect(event.preventDefault).toHaveBeenCalled();
    expect(contents.openHandler?.({})).toEqual({ action: 'deny' });
  });
});

describe('IPC bridge (main side)', () => {
  let contents: FakeContents;
  let ipcMain: EventEmitter;
  let kiosk: ReturnType<typeof fakeBridge>;
  let log: ReturnType<typeof collectingLog>;
  let detach: () => void;

  beforeEach(() => {
    contents = new FakeContents();
    ipcMain = new EventEmitter();
    kiosk = fakeBridge();
    log = collectingLog();
    detach = attachIpcBridge({
      ipcMain: ipcMain as never,
      contents: contents as unknown as KioskContents,
      bridge: kiosk.bridge,
      expectedUrl: KIOSK_URL,
      log,
    });
  });

  it('passes a valid event from the kiosk page to the bridge', () => {
    ipcMain.emit(UI_EVENT_CHANNEL, ipcEvent(contents, contents.mainFrame), { type: 'START' });
    ipcMain.emit(
      UI_EVENT_CHANNEL,
      ipcEvent(contents, { ...contents.mainFrame, url: `${KIOSK_URL}#x` }),
      {
        type: 'WEDGE_KEYS',
        keys: 'abc\r',
      },
    );
    expect(kiosk.received).toEqual([{ type: 'START' }, { type: 'WEDGE_KEYS', keys: 'abc\r' }]);
    expect(log.lines).toEqual([]);
  });

  it.each([
    [
      'another web contents',
      (c: FakeContents) => ({ sender: { id: c.id + 1 }, senderFrame: c.mainFrame }),
    ],
    ['a destroyed frame', (c: FakeContents) => ipcEvent(c, null)],
    [
      'a subframe',
      (c: FakeContents) => ipcEvent(c, { ...c.mainFrame, routingId: 9, parent: c.mainFrame }),
    ],
    ['a replaced main frame', (c: FakeContents) => ipcEvent(c, { ...c.mainFrame, processId: 99 })],
    [
      'a remote page',
      (c: FakeContents) => ipcEvent(c, { ...c.mainFrame, url: 'https://evil.example/' }),
    ],
    [
      'another local file',
      (c: FakeContents) => ipcEvent(c, { ...c.mainFrame, url: 'file:///tmp/index.html' }),
    ],
  ])('drops an event from %s', (_name, makeEvent) => {
    ipcMain.emit(UI_EVENT_CHANNEL, makeEvent(contents), { type: 'CONFIRM' });
    expect(kiosk.received).toEqual([]);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({ level: 'warn', fields: { channel: UI_EVENT_CHANNEL } });
  });

  it.each([
    ['an unknown type', { type: 'DISPENSE_NOW' }],
    ['an extra field', { type: 'START', slot: 3 }],
    ['oversized wedge keys', { type: 'WEDGE_KEYS', keys: 'x'.repeat(5000) }],
    ['not an object', 'START'],
    ['nothing', undefined],
  ])('drops %s without logging its contents', (_name, payload) => {
    ipcMain.emit(UI_EVENT_CHANNEL, ipcEvent(contents, contents.mainFrame), payload);
    expect(kiosk.received).toEqual([]);
    expect(log.lines).toHaveLength(1);
    const line = JSON.stringify(log.lines[0]);
    expect(line).toContain('schema');
    expect(line).not.toContain('DISPENSE_NOW');
    expect(line).not.toContain('xxxxxxxx');
  });

  it('drops a message with extra arguments', () => {
    ipcMain.emit(
      UI_EVENT_CHANNEL,
      ipcEvent(contents, contents.mainFrame),
      { type: 'START' },
      'more',
    );
    expect(kiosk.received).toEqual([]);
  });

  it('sends snapshots to the kiosk page, again on reload, and never to another document', () => {
    kiosk.emit(snapshot(1));
    expect(contents.sent).toEqual([[UI_SNAPSHOT_CHANNEL, snapshot(1)]]);
    contents.emit('dom-ready');
    expect(contents.sent).toHaveLength(2);
    contents.mainFrame.url = 'https://evil.example/';
    kiosk.emit(snapshot(2));
    contents.emit('dom-ready');
    expect(contents.sent).toHaveLength(2);
  });

  it('detaches: no more events in, no more snapshots out', () => {
    detach();
    ipcMain.emit(UI_EVENT_CHANNEL, ipcEvent(contents, contents.mainFrame), { type: 'START' });
    kiosk.emit(snapshot(3));
    expect(kiosk.received).toEqual([]);
    expect(contents.sent).toEqual([]);
    expect(kiosk.listeners.size).toBe(0);
  });
});

describe('preload', () => {
  it('exposes exactly { subscribe, send } as window.kiosk, and nothing else', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await import('../../main/electron/preload');
    expect(electronStub.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = electronStub.contextBridge.exposeInMainWorld.mock.calls[0] as [
      string,
      Record<string, unknown>,
    ];
    expect(name).toBe('kiosk');
    expect(Object.keys(api).sort()).toEqual(['send', 'subscribe']);
    expect(typeof api.subscribe).toBe('function');
    expect(typeof api.send).toBe('function');
    expect(Object.values(api)).not.toContain(electronStub.ipcRenderer);

    const bridge = api as unknown as KioskBridge;
    bridge.send({ type: 'START' });
    bridge.send({ type: 'NOPE' } as unknown as UiEvent);
    expect(electronStub.ipcRenderer.send.mock.calls).toEqual([
      [UI_EVENT_CHANNEL, { type: 'START' }],
    ]);

    // Snapshots from main are parsed before the page sees them; stale versions are dropped.
    const [channel, onSnapshot] = electronStub.ipcRenderer.on.mock.calls[0] as [
      string,
      (e: unknown, p: unknown) => void,
    ];
    expect(channel).toBe(UI_SNAPSHOT_CHANNEL);
    const seen: UiSnapshot[] = [];
    const unsubscribe = bridge.subscribe((s) => seen.push(s));
    onSnapshot({}, snapshot(2));
    onSnapshot({}, { ...snapshot(3), screen: 'self_destruct' });
    onSnapshot({}, snapshot(1));
    onSnapshot({}, snapshot(4, 'scan'));
    expect(seen.map((s) => s.version)).toEqual([2, 4]);
    // A late subscriber gets the current snapshot at once.
    const late: UiSnapshot[] = [];
    bridge.subscribe((s) => late.push(s));
    expect(late.map((s) => s.screen)).toEqual(['scan']);
    unsubscribe();
    onSnapshot({}, snapshot(5));
    expect(seen).toHaveLength(2);
    expect(() => bridge.subscribe('not a function' as never)).toThrow(TypeError);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });
});

describe('kiosk arguments from process.argv', () => {
  it('drops the Electron binary, switches and app path', () => {
    expect(
      kioskArgv(
        [
          '/usr/bin/electron',
          '--inspect=0',
          '--remote-debugging-port=0',
          'dist/electron/main.cjs',
          '--hardware',
          'hw.json',
        ],
        false,
      ),
    ).toEqual(['--hardware', 'hw.json']);
    expect(
      kioskArgv(['/opt/OpenDispense/opendispense', '--no-sandbox', '--hardware', 'hw.json'], true),
    ).toEqual(['--hardware', 'hw.json']);
    expect(kioskArgv(['electron', '.', '--', '--help'], false)).toEqual(['--help']);
  });
});

describe('runShell', () => {
  class FakeWindow extends EventEmitter {
    static created: FakeWindow[] = [];
    readonly webContents = new FakeContents();
    readonly loaded: string[] = [];
    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeWindow.created.push(this);
    }
    loadFile(path: string) {
      this.loaded.push(path);
      return Promise.resolve();
    }
    show() {}
    isDestroyed() {
      return false;
    }
  }

  function fakeElectron() {
    const app = Object.assign(new EventEmitter(), {
      whenReady: () => Promise.resolve(),
      quit: vi.fn(),
      requestSingleInstanceLock: () => true,
    });
    const defaultSession = Object.assign(new EventEmitter(), {
      webRequest: { onHeadersReceived: vi.fn() },
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
    });
    const ipcMain = new EventEmitter();
    FakeWindow.created = [];
    const electron = {
      app,
      BrowserWindow: FakeWindow,
      ipcMain,
      session: { defaultSession },
    } as unknown as ShellElectron;
    return { electron, app, ipcMain, defaultSession };
  }

  it('opens the locked-down window on the renderer and wires the bridge; quitting stops the kiosk first', async () => {
    const { electron, app, ipcMain, defaultSession } = fakeElectron();
    const kiosk = fakeBridge();
    const stop = vi.fn(() => Promise.resolve());
    const shell = await runShell({
      electron,
      startKiosk: () => Promise.resolve({ bridge: kiosk.bridge, stop }),
      preloadPath: '/app/dist/electron/preload.cjs',
      rendererIndex: INDEX,
      production: true,
      log: collectingLog(),
    });
    expect(shell).not.toBeNull();
    const window = FakeWindow.created[0];
    expect(window.options).toMatchObject({
      kiosk: true,
      webPreferences: { sandbox: true, contextIsolation: true },
    });
    expect(window.loaded).toEqual([INDEX]);
    expect(defaultSession.webRequest.onHeadersReceived).toHaveBeenCalled();
    expect(defaultSession.setPermissionRequestHandler).toHaveBeenCalled();

    ipcMain.emit(UI_EVENT_CHANNEL, ipcEvent(window.webContents, window.webContents.mainFrame), {
      type: 'START',
    });
    expect(kiosk.received).toEqual([{ type: 'START' }]);

    const quit = { preventDefault: vi.fn() };
    app.emit('before-quit', quit);
    expect(quit.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    expect(stop).toHaveBeenCalledTimes(1);
    // The second before-quit (from our own app.quit) is let through.
    const again = { preventDefault: vi.fn() };
    app.emit('before-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('shows out of service when the kiosk cannot start', async () => {
    const { electron } = fakeElectron();
    const log = collectingLog();
    await runShell({
      electron,
      startKiosk: () => Promise.reject(new Error('journal chain broken at seq 12')),
      preloadPath: '/p',
      rendererIndex: INDEX,
      production: true,
      log,
    });
    const contents = FakeWindow.created[0].webContents;
    expect(contents.sent).toHaveLength(1);
    expect(contents.sent[0][1]).toMatchObject({ screen: 'out_of_service' });
    expect(log.lines.some((line) => line.level === 'error')).toBe(true);
  });
});
