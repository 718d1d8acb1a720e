import { UiEvent, type UiSnapshot } from '../contracts/bridge';
import { ServerMessage, WEB_BRIDGE_PATH, type ClientMessage } from '../contracts/web-bridge';
import type { ConnectionState, RendererBridge } from './renderer-bridge';
import { createSnapshotGate } from './snapshot-gate';

/** The part of the browser WebSocket this client uses; tests pass a fake. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

/** WebSocket.OPEN; a constant here so fakes need not provide the static. */
const OPEN = 1;

export interface WebSocketBridgeOptions {
  /** ws://host/bridge?token=… (see webBridgeUrl). */
  url: string;
  /** Opens a socket. Default: the browser's WebSocket. */
  connect?: (url: string) => WebSocketLike;
  /**
   * First reconnect delay after the socket drops. Default 250 ms: web-host is on the same
   * machine, so a restart is usually back within a second.
   */
  initialDelayMs?: number;
  /** The delay doubles per failed attempt up to this. Default 5,000 ms. */
  maxDelayMs?: number;
  /** Where dropped or refused messages are reported (never with their contents). Default console.warn. */
  log?: (message: string) => void;
  /** Jitter source in [0, 1). Default Math.random. */
  random?: () => number;
}

/** The bridge socket URL for a page served by web-host at http://host/?token=… */
export function webBridgeUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${WEB_BRIDGE_PATH}?token=${encodeURIComponent(token)}`;
}

/**
 * KioskBridge over web-host's WebSocket (contracts/web-bridge.ts). Every server message is parsed
 * with the schema; anything malformed is dropped. When the socket drops, the state goes back to
 * "connecting" and the client reconnects with exponential backoff and jitter. Events sent while
 * disconnected are dropped on purpose: a CONFIRM delivered late could act on a screen the patient
 * no longer sees.
 */
export function createWebSocketBridge(options: WebSocketBridgeOptions): RendererBridge {
  const connect = options.connect ?? ((url: string) => new WebSocket(url) as WebSocketLike);
  const initialDelay = options.initialDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5_000;
  const log = options.log ?? ((message: string) => console.warn(`[bridge] ${message}`));
  const random = options.random ?? Math.random;

  const snapshotListeners = new Set<(snapshot: UiSnapshot) => void>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const gate = createSnapshotGate(log);
  let state: ConnectionState = 'connecting';
  let latest: UiSnapshot | undefined;
  let socket: WebSocketLike | undefined;
  let failures = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(state);
  };

  const onMessage = (data: unknown) => {
    if (typeof data !== 'string') {
      log('dropped a non-text server message');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      log('dropped a server message that is not JSON');
      return;
    }
    const parsed = ServerMessage.safeParse(json);
    if (!parsed.success) {
      log('dropped a server message that failed the schema');
      return;
    }
    if (parsed.data.type === 'rejected') {
      log(`main rejected an event: ${parsed.data.reason}`);
      return;
    }
    const snapshot = gate.accept(parsed.data.snapshot);
    if (!snapshot) return;
    latest = snapshot;
    for (const listener of snapshotListeners) listener(snapshot);
  };

  const scheduleReconnect = () => {
    if (closed || reconnectTimer !== undefined) return;
    const ceiling = Math.min(maxDelay, initialDelay * 2 ** failures);
    failures += 1;
    // Half fixed, half random: spreads retries without ever retrying at once.
    const delay = ceiling / 2 + random() * (ceiling / 2);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      open();
    }, delay);
  };

  const open = () => {
    if (closed) return;
    let ws: WebSocketLike;
    try {
      ws = connect(options.url);
    } catch {
      log('could not open the bridge socket');
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      failures = 0;
      // A new connection may be a restarted kiosk whose versions start again.
      gate.reset();
      setState('connected');
    };
    ws.onmessage = (event) => {
      if (socket === ws) onMessage(event.data);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      latest = undefined;
      setState('connecting');
      scheduleReconnect();
    };
    // An error is always followed by close, which does the work.
    ws.onerror = () => {};
  };

  open();

  return {
    subscribe(onSnapshot) {
      snapshotListeners.add(onSnapshot);
      if (latest) onSnapshot(latest);
      return () => {
        snapshotListeners.delete(onSnapshot);
      };
    },
    send(event) {
      const parsed = UiEvent.safeParse(event);
      if (!parsed.success) {
        log('dropped an event that failed the schema');
        return;
      }
      if (!socket || socket.readyState !== OPEN || state !== 'connected') return;
      const message: ClientMessage = { type: 'event', event: parsed.data };
      socket.send(JSON.stringify(message));
    },
    watchConnection(onState) {
      stateListeners.add(onState);
      onState(state);
      return () => {
        stateListeners.delete(onState);
      };
    },
    close() {
      closed = true;
      if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      const ws = socket;
      socket = undefined;
      ws?.close();
      setState('connecting');
    },
  };
}
