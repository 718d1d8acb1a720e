import { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'react';
import type { Language, UiEvent } from '../contracts/bridge';
import { useTranslation } from 'react-i18next';
import { createPromptController, type PromptController } from './audio/prompt-player';
import { syncLanguage } from './i18n/sync-language';
import { forwardInput } from './input-forwarding';
import { KioskView } from './KioskView';
import type { RendererBridge } from './renderer-bridge';
import { ConnectingScreen } from './screens/ConnectingScreen';
import { INITIAL_PREFS_STATE, sessionPrefsReducer } from './session/session-prefs';
import { useKiosk } from './use-kiosk';

/**
 * The whole UI: a pure view of the latest snapshot. It decides nothing about the session; every
 * touch goes to main as a UiEvent and the next snapshot says what to show. The only state kept
 * here is the patient's screen settings (sound, contrast, layout), which are about this screen
 * and not the session, and they are kept above the connection switch so a reconnect keeps them.
 */
/** How long a touched language is kept while main's confirming snapshot is on its way. */
const PENDING_LANGUAGE_MS = 1_000;

export function App({
  bridge,
  prompts: givenPrompts,
}: {
  bridge: RendererBridge;
  prompts?: PromptController;
}) {
  const { snapshot, connection } = useKiosk(bridge);
  const { i18n } = useTranslation();
  const [prompts] = useState(() => givenPrompts ?? createPromptController());
  const [{ prefs }, dispatchPrefs] = useReducer(sessionPrefsReducer, INITIAL_PREFS_STATE);
  useEffect(() => forwardInput(window, (event) => bridge.send(event)), [bridge]);

  const language = snapshot?.language;
  const screen = snapshot?.screen;
  // A language touched is shown at once, before main's snapshot confirms it (a round trip that
  // would otherwise add itself to the slowest re-render). Main still decides: snapshots in the
  // old language that were already on their way are not followed for PENDING_LANGUAGE_MS, and
  // after that the snapshot's language always wins.
  const pending = useRef<{ language: Language; until: number } | null>(null);
  const latestLanguage = useRef(language);
  latestLanguage.current = language;
  useLayoutEffect(() => {
    if (!language) return;
    const chosen = pending.current;
    if (chosen && chosen.language !== language && performance.now() < chosen.until) return;
    pending.current = null;
    syncLanguage(i18n, document, language);
  }, [i18n, language]);
  const send = (event: UiEvent): void => {
    if (event.type === 'SET_LANGUAGE') {
      pending.current = {
        language: event.language,
        until: performance.now() + PENDING_LANGUAGE_MS,
      };
      syncLanguage(i18n, document, event.language);
      setTimeout(() => {
        const confirmed = latestLanguage.current;
        if (pending.current?.language === event.language) pending.current = null;
        if (confirmed) syncLanguage(i18n, document, confirmed);
      }, PENDING_LANGUAGE_MS);
    }
    bridge.send(event);
  };
  useLayoutEffect(() => {
    if (screen) dispatchPrefs({ type: 'screen', screen });
  }, [screen]);
  useEffect(() => prompts.setMuted(prefs.muted), [prompts, prefs.muted]);

  if (connection !== 'connected' || !snapshot) {
    return (
      <div className="kiosk">
        <ConnectingScreen />
      </div>
    );
  }
  return (
    <KioskView
      snapshot={snapshot}
      send={send}
      prefs={prefs}
      onPrefs={dispatchPrefs}
      prompts={prompts}
    />
  );
}
