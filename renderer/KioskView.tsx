import type { UiEvent, UiSnapshot } from '../contracts/bridge';
import type { PromptController } from './audio/prompt-player';
import { promptFor, promptUrl } from './audio/prompts';
import { usePrompt } from './audio/use-prompt';
import { AccessBar } from './components/AccessBar';
import { DeviceStrip } from './components/DeviceStrip';
import { HelpDialog } from './components/HelpDialog';
import { isIdleWarning } from './components/IdleCountdown';
import { offersHelp } from './offers-help';
import { SCREEN_COMPONENTS } from './screens';
import { DEFAULT_PREFS, type SessionPrefs, type SessionPrefsAction } from './session/session-prefs';
import { useSecondsUntil } from './use-seconds-until';

/**
 * A new key remounts the screen, dropping what was typed on it. Identify counts its tries: after a
 * wrong answer it must start again empty even when the "checking" snapshot in between was merged
 * away by the snapshot throttle and the screen never changed.
 */
function screenKey(snapshot: UiSnapshot): string {
  return snapshot.screen === 'identify'
    ? `screen-identify-${snapshot.identify?.attemptsLeft ?? ''}`
    : `screen-${snapshot.screen}`;
}

export interface KioskViewProps {
  snapshot: UiSnapshot;
  send: (event: UiEvent) => void;
  /** The patient's screen settings; kept by App so they outlive a reconnect. */
  prefs?: SessionPrefs;
  onPrefs?: (action: SessionPrefsAction) => void;
  /** Speaks the prompts; absent where nothing can play (server rendering in tests). */
  prompts?: PromptController;
}

/**
 * What one snapshot looks like: its screen, the settings bar with Help and the idle countdown,
 * the help message when main says help was asked for, and the device strip. In the low-position
 * layout the settings bar comes after the screen, so every control is in the lower half and the
 * reading order still follows what is seen.
 */
export function KioskView({
  snapshot,
  send,
  prefs = DEFAULT_PREFS,
  onPrefs = () => {},
  prompts,
}: KioskViewProps) {
  const Screen = SCREEN_COMPONENTS[snapshot.screen];
  const idleSeconds = useSecondsUntil(snapshot.idleDeadline);
  const help = offersHelp(snapshot.screen);
  // Main owns whether the help message shows: `requested` goes false again on CLOSE_HELP.
  const helpMinutes = help && snapshot.help?.requested ? snapshot.help.callWithinMinutes : null;
  usePrompt(
    prompts,
    promptUrl(snapshot.language, promptFor(snapshot)),
    promptUrl(snapshot.language, 'idle'),
    isIdleWarning(idleSeconds),
  );
  const bar = (
    <AccessBar
      // A new screen closes a language dialog the previous one opened. (Keys differ from the
      // screen's: siblings sharing a key confuse React's reconciliation.)
      key={`bar-${snapshot.screen}`}
      screen={snapshot.screen}
      language={snapshot.language}
      prefs={prefs}
      onToggle={(pref) => onPrefs({ type: 'toggle', pref })}
      onLanguage={(language) => send({ type: 'SET_LANGUAGE', language })}
      prompts={prompts}
      idleSeconds={idleSeconds}
      onHelp={help ? () => send({ type: 'HELP' }) : undefined}
    />
  );
  const classes = [
    'kiosk',
    prefs.highContrast ? 'kiosk--contrast' : '',
    prefs.lowPosition ? 'kiosk--low' : '',
  ].filter(Boolean);
  return (
    <div
      className={classes.join(' ')}
      data-contrast={prefs.highContrast ? 'high' : 'normal'}
      data-layout={prefs.lowPosition ? 'low' : 'standard'}
    >
      {!prefs.lowPosition && bar}
      <Screen key={screenKey(snapshot)} snapshot={snapshot} send={send} />
      {prefs.lowPosition && bar}
      {helpMinutes !== null && (
        <HelpDialog
          minutes={helpMinutes}
          onClose={() => send({ type: 'CLOSE_HELP' })}
          idleSeconds={idleSeconds}
        />
      )}
      {/* The technician screen shows each device in full; the strip would say it twice. */}
      {snapshot.screen !== 'technician' && <DeviceStrip devices={snapshot.devices} />}
    </div>
  );
}
