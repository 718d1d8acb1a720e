import type { Screen } from '../../contracts/bridge';

/**
 * What a patient can change about the screen for themselves: sound, high contrast and the
 * low-position layout (every control in the lower half, within reach from a wheelchair). These
 * are presentation only, so they live in the renderer and never cross the bridge. Like the
 * language in main, they belong to one patient: they are forgotten when the kiosk returns to
 * attract, so the next patient starts from the defaults.
 */
export interface SessionPrefs {
  muted: boolean;
  highContrast: boolean;
  lowPosition: boolean;
}

export type SessionPref = keyof SessionPrefs;

export const DEFAULT_PREFS: SessionPrefs = {
  muted: false,
  highContrast: false,
  lowPosition: false,
};

export interface SessionPrefsState {
  prefs: SessionPrefs;
  /** The screen of the last snapshot seen, to notice the return to attract. */
  screen: Screen | null;
}

export type SessionPrefsAction =
  { type: 'toggle'; pref: SessionPref } | { type: 'screen'; screen: Screen };

export const INITIAL_PREFS_STATE: SessionPrefsState = { prefs: DEFAULT_PREFS, screen: null };

export function sessionPrefsReducer(
  state: SessionPrefsState,
  action: SessionPrefsAction,
): SessionPrefsState {
  switch (action.type) {
    case 'toggle':
      return {
        ...state,
        prefs: { ...state.prefs, [action.pref]: !state.prefs[action.pref] },
      };
    case 'screen': {
      if (action.screen === state.screen) return state;
      // Back at attract from anywhere else: the patient has gone (finished, cancelled or timed out).
      const sessionEnded =
        action.screen === 'attract' && state.screen !== null && state.screen !== 'attract';
      return { prefs: sessionEnded ? DEFAULT_PREFS : state.prefs, screen: action.screen };
    }
  }
}
