import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KioskBridge, UiEvent, UiSnapshot } from '../../contracts/bridge';
import { chooseBridge, wrapPreloadBridge } from '../../renderer/bridge-client';
import type { ConnectionState } from '../../renderer/renderer-bridge';
import {
  createWebSocketBridge,
  webBridgeUrl,
  type WebSocketLike,
} from '../../renderer/web-socket-bridge';

class FakeSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: string[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  // test controls
  open() {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }
  receive(data: unknown) {
    this.onmessage?.({ data } as MessageEvent);
  }
  drop() {
    this.readyState = 3;
    this.onerror?.({} as Event);
    this.onclose?.({} as CloseEvent);
  }
}

function snapshot(version: number, screen: UiSnapshot['screen'] = 'attract'): UiSnapshot {
  return { version, screen, kioskName: 'Test post', language: 'en', devices: [] };
}
const message = (s: UiSnapshot) => JSON.stringify({ type: 'snapshot', snapshot: s });

describe('WebSocket bridge', () => {
  let sockets: FakeSocket[];
  let logged: string[];
  let bridge: ReturnType<typeof createWebSocketBridge>;
  let seen: UiSnapshot[];
  let states: ConnectionState[];

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    logged = [];
    bridge = createWebSocketBridge({
      url: 'ws://127.0.0.1:4000/bridge?token=t0k',
      connect: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket;
      },
      log: (line) => logged.push(line),
      random: () => 1,
    });
    seen = [];
    states = [];
    bridge.subscribe((s) => seen.push(s));
    bridge.watchConnection((s) => states.push(s));
  });

  afterEach(() => {
    bridge.close();
    vi.useRealTimers();
  });

  it('connects to the given URL and says "connecting" until the socket opens', () => {
    expect(sockets).toHaveLength(1);
    expect(sockets[0].url).toBe('ws://127.0.0.1:4000/bridge?token=t0k');
    expect(states).toEqual(['connecting']);
    sockets[0].open();
    expect(states).toEqual(['connecting', 'connected']);
  });

  it('delivers valid snapshots and drops stale ones', () => {
    sockets[0].open();
    sockets[0].receive(message(snapshot(1)));
    sockets[0].receive(message(snapshot(3, 'scan')));
    sockets[0].receive(message(snapshot(2, 'confirm')));
    sockets[0].receive(message(snapshot(3, 'confirm')));
    expect(seen.map((s) => [s.version, s.screen])).toEqual([
      [1, 'attract'],
      [3, 'scan'],
    ]);
  });

  it.each([
    ['not JSON', '{"type":"snap'],
    ['an unknown message type', JSON.stringify({ type: 'eval', code: 'alert(1)' })],
    ['a snapshot with an unknown screen', message({ ...snapshot(5), screen: 'admin' as never })],
    [
      'a snapshot with an extra field',
      JSON.stringify({ type: 'snapshot', snapshot: { ...snapshot(5), html: '<b>' } }),
    ],
    [
      'a snapshot with a bad pack state',
      message({
        ...snapshot(5),
        dispense: { packs: [{ index: 0, state: 'exploded' as never }], given: 0, requested: 1 },
      }),
    ],
    ['a binary frame', new ArrayBuffer(4)],
  ])('rejects a malformed server message: %s', (_name, data) => {
    sockets[0].open();
    sockets[0].receive(data);
    expect(seen).toEqual([]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/dropped/);
  });

  it('logs a "rejected" answer without treating it as a snapshot', () => {
    sockets[0].open();
    sockets[0].receive(JSON.stringify({ type: 'rejected', reason: 'invalid event' }));
    expect(seen).toEqual([]);
    expect(logged).toEqual(['main rejected an event: invalid event']);
  });

  it('sends valid events only while connected', () => {
    bridge.send({ type: 'START' });
    expect(sockets[0].sent).toEqual([]);
    sockets[0].open();
    bridge.send({ type: 'START' });
    bridge.send({ type: 'WEDGE_KEYS', keys: 'x'.repeat(5000) });
    bridge.send({ type: 'LAUNCH' } as unknown as UiEvent);
    expect(sockets[0].sent.map((m) => JSON.parse(m))).toEqual([
      { type: 'event', event: { type: 'START' } },
    ]);
  });

  it('reconnects with growing delays after the socket drops, and resets on success', () => {
    sockets[0].open();
    sockets[0].receive(message(snapshot(9)));
    sockets[0].drop();
    expect(states.at(-1)).toBe('connecting');
    // random() = 1 → the full ceiling: 250, 500, 1000 ms …
    vi.advanceTimersByTime(249);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    sockets[1].drop();
    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    sockets[2].drop();
    vi.advanceTimersByTime(1000);
    expect(sockets).toHaveLength(4);
    // A restarted kiosk starts its versions again; the new connection accepts them.
    sockets[3].open();
    sockets[3].receive(message(snapshot(0, 'out_of_service')));
    expect(seen.map((s) => s.version)).toEqual([9, 0]);
    sockets[3].drop();
    vi.advanceTimersByTime(250);
    expect(sockets).toHaveLength(5);
  });

  it('caps the reconnect delay', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      sockets.at(-1)?.drop();
      vi.advanceTimersByTime(5_000);
    }
    const before = sockets.length;
    sockets.at(-1)?.drop();
    vi.advanceTimersByTime(4_999);
    expect(sockets).toHaveLength(before);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(before + 1);
  });

  it('stops reconnecting once closed', () => {
    bridge.close();
    sockets[0].drop();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });
});

describe('choosing the bridge', () => {
  it('builds the socket URL from the page address and its token', () => {
    expect(
      webBridgeUrl({ protocol: 'http:', host: '127.0.0.1:4321', search: '?token=a-b_c' }),
    ).toBe('ws://127.0.0.1:4321/bridge?token=a-b_c');
    expect(webBridgeUrl({ protocol: 'https:', host: 'kiosk', search: '' })).toBe(
      'wss://kiosk/bridge?token=',
    );
  });

  it('uses window.kiosk from the Electron preload when present', () => {
    const listeners: Array<(s: UiSnapshot) => void> = [];
    const sent: UiEvent[] = [];
    const kiosk: KioskBridge = {
      subscribe: (l) => {
        listeners.push(l);
        return () => {};
      },
      send: (e) => sent.push(e),
    };
    const connect = vi.fn();
    const logged: string[] = [];
    const bridge = chooseBridge(
      { kiosk, location: { protocol: 'file:', host: '', search: '' } },
      { connect, log: (line) => logged.push(line) },
    );
    expect(connect).not.toHaveBeenCalled();
    const states: ConnectionState[] = [];
    bridge.watchConnection((s) => states.push(s));
    expect(states).toEqual(['connected']);
    const seen: UiSnapshot[] = [];
    bridge.subscribe((s) => seen.push(s));
    listeners[0](snapshot(1));
    listeners[0]({ ...snapshot(2), screen: 'nope' } as never);
    expect(seen).toHaveLength(1);
    expect(logged).toEqual(['snapshot failed the schema']);
    bridge.send({ type: 'CANCEL' });
    expect(sent).toEqual([{ type: 'CANCEL' }]);
  });

  it('falls back to the WebSocket when there is no preload bridge', () => {
    const connect = vi.fn(() => new FakeSocket('x'));
    const bridge = chooseBridge(
      { location: { protocol: 'http:', host: '127.0.0.1:9', search: '?token=z' } },
      { connect },
    );
    expect(connect).toHaveBeenCalledWith('ws://127.0.0.1:9/bridge?token=z');
    bridge.close();
    // Something that only looks like a bridge is not one.
    const fake = chooseBridge(
      { kiosk: { subscribe: 1 }, location: { protocol: 'http:', host: 'h', search: '' } },
      { connect },
    );
    expect(connect).toHaveBeenCalledTimes(2);
    fake.close();
  });

  it('wraps the preload bridge so a late subscriber gets the latest snapshot', () => {
    let push: (s: UiSnapshot) => void = () => {};
    const bridge = wrapPreloadBridge(
      { subscribe: (l) => ((push = l), () => {}), send: () => {} },
      () => {},
    );
    push(snapshot(4, 'scan'));
    const seen: UiSnapshot[] = [];
    bridge.subscribe((s) => seen.push(s));
    expect(seen.map((s) => s.screen)).toEqual(['scan']);
  });
});
