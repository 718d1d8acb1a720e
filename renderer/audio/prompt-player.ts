/**
 * Plays the spoken prompts. One audio element for the whole app, so a new prompt always cuts the
 * previous one off and two never talk over each other. Playback may be refused (a browser
 * without the autoplay flag wants a touch first) or the file may be missing (a build made
 * without espeak-ng): both are states shown on the replay button, never errors, because the
 * screen says everything the voice says.
 */

/** The part of HTMLAudioElement used here; tests pass a fake. */
export interface AudioLike {
  src: string;
  play(): Promise<void>;
  pause(): void;
  addEventListener(type: 'ended' | 'error', listener: () => void): void;
}

export type PromptState =
  /** Nothing asked for yet, or stopped by mute. */
  | 'idle'
  | 'loading'
  | 'playing'
  | 'ended'
  /** The browser refused to start without a user gesture; the replay button still works. */
  | 'blocked'
  /** The file could not be loaded or decoded. */
  | 'failed';

export interface PromptController {
  /** Makes `url` the current prompt; starts it when `play` is true and sound is on. */
  select(url: string, play: boolean): void;
  /** Muting stops what is playing; unmuting plays the current prompt, which is what was missed. */
  setMuted(muted: boolean): void;
  /** Plays the current prompt again, even when muted: the patient asked for it. */
  replay(): void;
  current(): string | null;
  state(): PromptState;
  /** For useSyncExternalStore: called on every state change. */
  subscribe(listener: () => void): () => void;
}

export function createPromptController(
  createAudio: () => AudioLike = () => new Audio(),
): PromptController {
  let audio: AudioLike | undefined;
  let currentUrl: string | null = null;
  let muted = false;
  let state: PromptState = 'idle';
  // Each start gets a number, so a late answer from an old play() cannot overwrite a newer state.
  let attempt = 0;
  const listeners = new Set<() => void>();

  const setState = (next: PromptState) => {
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener();
  };

  // Created on first use: there is no Audio in Node (unit tests, server rendering).
  const element = (): AudioLike => {
    if (!audio) {
      const created = createAudio();
      created.addEventListener('ended', () => setState('ended'));
      created.addEventListener('error', () => setState('failed'));
      audio = created;
    }
    return audio;
  };

  const start = (url: string) => {
    const mine = ++attempt;
    const player = element();
    player.pause();
    player.src = url;
    setState('loading');
    let started: Promise<void>;
    try {
      started = player.play();
    } catch {
      // Old engines throw instead of rejecting.
      setState('failed');
      return;
    }
    started.then(
      () => {
        if (mine === attempt) setState('playing');
      },
      (error: unknown) => {
        if (mine !== attempt) return;
        const name = error instanceof Error || error instanceof DOMException ? error.name : '';
        // An AbortError means a newer prompt replaced this one; that one reports for itself.
        if (name === 'AbortError') return;
        setState(name === 'NotAllowedError' ? 'blocked' : 'failed');
      },
    );
  };

  const stop = () => {
    attempt += 1;
    audio?.pause();
    setState('idle');
  };

  return {
    select(url, play) {
      currentUrl = url;
      if (play && !muted) start(url);
    },
    setMuted(next) {
      if (next === muted) return;
      muted = next;
      if (muted) stop();
      else if (currentUrl) start(currentUrl);
    },
    replay() {
      if (currentUrl) start(currentUrl);
    },
    current: () => currentUrl,
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** What should be heard: the screen's prompt, or the idle warning while it shows. */
export interface PromptTarget {
  screenUrl: string;
  idleUrl: string;
  idleWarning: boolean;
}

/**
 * What to do when the target changes. A new screen or language is spoken; the idle warning is
 * spoken when it appears; when the patient touches the screen and the warning goes away, the
 * screen's prompt becomes current again (for replay) without being repeated unasked.
 */
export function promptChange(
  previous: PromptTarget | null,
  next: PromptTarget,
): { url: string; play: boolean } | null {
  const url = next.idleWarning ? next.idleUrl : next.screenUrl;
  if (previous === null || previous.screenUrl !== next.screenUrl) return { url, play: true };
  if (!previous.idleWarning && next.idleWarning) return { url, play: true };
  if (previous.idleWarning && !next.idleWarning) return { url, play: false };
  return null;
}
