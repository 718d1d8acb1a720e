import { useEffect, useLayoutEffect, useReducer, useState } from 'react';
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
  // Layout effects: the language and the settings reset land before the frame is painted, so
  // the patient never sees a screen in the previous patient's language or colours.
  useLayoutEffect(() => {
    if (language) syncLanguage(i18n, document, language);
  }, [i18n, language]);
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
      send={(event) => bridge.send(event)}
      prefs={prefs}
      onPrefs={dispatchPrefs}
      prompts={prompts}
    />
  );
}
