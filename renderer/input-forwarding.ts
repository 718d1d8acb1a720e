import type { UiEvent } from '../contracts/bridge';

/** UiEvent WEDGE_KEYS carries at most this many characters (contracts/bridge.ts). */
export const MAX_WEDGE_BATCH = 4096;

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  isComposing?: boolean;
}

/**
 * The text a keystroke stands for when it is forwarded to main's wedge codec, or null when the UI
 * keeps it. The UI has no text fields, so it keeps only Tab (moving focus is harmless) and
 * shortcuts with Ctrl/Alt/Meta; every printable key and Enter (a scanner's usual suffix, sent as
 * CR) goes to main. AltGr arrives as Ctrl+Alt on some systems and types a character, so it counts
 * as printable.
 */
export function wedgeText(event: KeyLike): string | null {
  if (event.isComposing) return null;
  if (event.key === 'Enter') return '\r';
  if (event.key.length !== 1) return null;
  const altGraph = event.ctrlKey && event.altKey;
  if (!altGraph && (event.ctrlKey || event.altKey)) return null;
  if (event.metaKey) return null;
  return event.key;
}

/** Splits collected keystrokes into WEDGE_KEYS events that fit the schema. */
export function wedgeEvents(text: string): UiEvent[] {
  const events: UiEvent[] = [];
  for (let at = 0; at < text.length; at += MAX_WEDGE_BATCH) {
    events.push({ type: 'WEDGE_KEYS', keys: text.slice(at, at + MAX_WEDGE_BATCH) });
  }
  return events;
}

export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

export interface InputTarget {
  addEventListener(
    type: 'pointerdown' | 'keydown',
    listener: (event: Event) => void,
    options: { capture: boolean },
  ): void;
  removeEventListener(
    type: 'pointerdown' | 'keydown',
    listener: (event: Event) => void,
    options: { capture: boolean },
  ): void;
}

/**
 * Sends ACTIVITY on every pointer down (it keeps main's idle timer from expiring) and forwards the
 * keystrokes the UI does not use as WEDGE_KEYS, one event per animation frame, because a
 * keyboard-wedge scanner types a whole QR code in a burst. Forwarded keys have their default
 * action prevented, so a scanner's Enter can never press the button that happens to have focus.
 * Returns a function that removes the listeners and flushes what is pending.
 */
export function forwardInput(
  target: InputTarget,
  send: (event: UiEvent) => void,
  frames: FrameScheduler = {
    request: (callback) => requestAnimationFrame(callback),
    cancel: (handle) => cancelAnimationFrame(handle),
  },
): () => void {
  let pending = '';
  let frame: number | undefined;

  const flush = () => {
    frame = undefined;
    const text = pending;
    pending = '';
    for (const event of wedgeEvents(text)) send(event);
  };

  const onPointerDown = () => {
    // Keep the order in which things happened: keys typed before the touch go first.
    if (frame !== undefined) {
      frames.cancel(frame);
      flush();
    }
    send({ type: 'ACTIVITY' });
  };
  const onKeyDown = (event: Event) => {
    const text = wedgeText(event as KeyboardEvent);
    if (text === null) return;
    event.preventDefault();
    pending += text;
    if (frame === undefined) frame = frames.request(flush);
  };

  const options = { capture: true };
  target.addEventListener('pointerdown', onPointerDown, options);
  target.addEventListener('keydown', onKeyDown, options);
  return () => {
    target.removeEventListener('pointerdown', onPointerDown, options);
    target.removeEventListener('keydown', onKeyDown, options);
    if (frame !== undefined) {
      frames.cancel(frame);
      flush();
    }
  };
}
