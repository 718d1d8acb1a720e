import { useEffect, useRef, useSyncExternalStore } from 'react';
import { promptChange, type PromptController, type PromptState } from './prompt-player';

/** Tells the controller what should be heard whenever the screen, language or idle warning changes. */
export function usePrompt(
  prompts: PromptController | undefined,
  screenUrl: string,
  idleUrl: string,
  idleWarning: boolean,
): void {
  const previous = useRef<{ screenUrl: string; idleUrl: string; idleWarning: boolean } | null>(
    null,
  );
  useEffect(() => {
    if (!prompts) return;
    const next = { screenUrl, idleUrl, idleWarning };
    const change = promptChange(previous.current, next);
    previous.current = next;
    if (change) prompts.select(change.url, change.play);
  }, [prompts, screenUrl, idleUrl, idleWarning]);
}

const NO_PROMPTS = () => () => {};

/** The controller's playback state as React state ('idle' without a controller). */
export function usePromptState(prompts: PromptController | undefined): PromptState {
  return useSyncExternalStore(
    prompts?.subscribe ?? NO_PROMPTS,
    () => prompts?.state() ?? 'idle',
    () => prompts?.state() ?? 'idle',
  );
}
