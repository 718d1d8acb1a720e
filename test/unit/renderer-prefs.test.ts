import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import { SCREENS, type Screen, type UiSnapshot } from '../../contracts/bridge';
import type { PromptController } from '../../renderer/audio/prompt-player';
import { createI18n } from '../../renderer/i18n';
import { KioskView } from '../../renderer/KioskView';
import {
  DEFAULT_PREFS,
  INITIAL_PREFS_STATE,
  sessionPrefsReducer,
  type SessionPrefs,
  type SessionPrefsAction,
  type SessionPrefsState,
} from '../../renderer/session/session-prefs';

// Records each ToolButton as it renders, so a test can press it without a DOM.
const rendered = vi.hoisted(() => ({
  tools: new Map<string, () => void>(),
}));
vi.mock('../../renderer/components/ToolButton', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../renderer/components/ToolButton')>();
  return {
    ToolButton: (props: Parameters<typeof actual.ToolButton>[0]) => {
      rendered.tools.set(props.tool, props.onPress);
      return actual.ToolButton(props);
    },
  };
});

const i18n = createI18n('en');
const snapshot = (screen: Screen, extra: Partial<UiSnapshot> = {}): UiSnapshot => ({
  version: 1,
  screen,
  language: 'en',
  kioskName: 'Kisumu Health Post',
  devices: [],
  ...extra,
});

function render(
  snap: UiSnapshot,
  prefs: SessionPrefs = DEFAULT_PREFS,
  onPrefs: (action: SessionPrefsAction) => void = () => {},
  prompts?: PromptController,
): string {
  rendered.tools.clear();
  return renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n },
      createElement(KioskView, { snapshot: snap, send: () => {}, prefs, onPrefs, prompts }),
    ),
  );
}

const run = (actions: SessionPrefsAction[], from: SessionPrefsState = INITIAL_PREFS_STATE) =>
  actions.reduce(sessionPrefsReducer, from);
const visit = (...screens: Screen[]): SessionPrefsAction[] =>
  screens.map((screen) => ({ type: 'screen', screen }));

describe('session settings (sound, contrast, low position)', () => {
  it('start off, and each toggle flips only its own setting', () => {
    expect(INITIAL_PREFS_STATE.prefs).toEqual({
      muted: false,
      highContrast: false,
      lowPosition: false,
    });
    const once = run([...visit('scan'), { type: 'toggle', pref: 'highContrast' }]);
    expect(once.prefs).toEqual({ muted: false, highContrast: true, lowPosition: false });
    const more = run(
      [
        { type: 'toggle', pref: 'lowPosition' },
        { type: 'toggle', pref: 'muted' },
        { type: 'toggle', pref: 'highContrast' },
      ],
      once,
    );
    expect(more.prefs).toEqual({ muted: true, highContrast: false, lowPosition: true });
  });

  it('are kept through the whole session, from attract to the last screen', () => {
    const state = run([
      ...visit('attract'),
      { type: 'toggle', pref: 'lowPosition' },
      { type: 'toggle', pref: 'muted' },
      ...visit('scan', 'verifying', 'identify', 'verifying', 'confirm', 'dispensing', 'done'),
      // Snapshots of the same screen (a device link changed) change nothing.
      ...visit('done', 'done'),
    ]);
    expect(state.prefs).toEqual({ muted: true, highContrast: false, lowPosition: true });
  });

  it.each(SCREENS.filter((s) => s !== 'attract'))(
    'are forgotten when the kiosk goes back to attract from %s (the next patient starts fresh)',
    (from) => {
      const state = run([
        ...visit('attract'),
        { type: 'toggle', pref: 'highContrast' },
        { type: 'toggle', pref: 'lowPosition' },
        { type: 'toggle', pref: 'muted' },
        ...visit(from, 'attract'),
      ]);
      expect(state.prefs).toEqual(DEFAULT_PREFS);
    },
  );

  it('are not forgotten by the first snapshot after a (re)connection showing attract', () => {
    const state = run([{ type: 'toggle', pref: 'highContrast' }, ...visit('attract')]);
    expect(state.prefs.highContrast).toBe(true);
  });
});

describe('the settings bar', () => {
  it.each(SCREENS)(
    'is on the %s screen with every setting, each ≥ 48 px by its class',
    (screen) => {
      const html = render(snapshot(screen));
      for (const tool of ['mute', 'replay', 'contrast', 'low'])
        expect(html).toContain(`data-tool="${tool}"`);
      expect(html).toMatch(/<header class="access-bar" aria-label="Help with the screen">/);
    },
  );

  it('says which settings are on (aria-pressed) and marks the page for the CSS', () => {
    const off = render(snapshot('scan'));
    expect(off).toMatch(/data-tool="contrast" aria-pressed="false"/);
    expect(off).toMatch(/data-tool="low" aria-pressed="false"/);
    expect(off).toMatch(/data-tool="mute" aria-pressed="false"/);
    expect(off).toContain('<div class="kiosk" data-contrast="normal" data-layout="standard">');

    const on = render(snapshot('scan'), { muted: true, highContrast: true, lowPosition: true });
    expect(on).toMatch(/data-tool="contrast" aria-pressed="true"/);
    expect(on).toMatch(/data-tool="low" aria-pressed="true"/);
    expect(on).toMatch(/data-tool="mute" aria-pressed="true"/);
    expect(on).toContain(
      '<div class="kiosk kiosk--contrast kiosk--low" data-contrast="high" data-layout="low">',
    );
  });

  it('sits above the screen normally and below it in the low-position layout', () => {
    const order = (html: string) => [...html.matchAll(/<(header|main|footer)\b/g)].map((m) => m[1]);
    const devices = [{ id: 'd1', kind: 'dispenser', link: 'ready' as const }];
    expect(order(render(snapshot('identify', { devices })))).toEqual(['header', 'main', 'footer']);
    expect(
      order(render(snapshot('identify', { devices }), { ...DEFAULT_PREFS, lowPosition: true })),
    ).toEqual(['main', 'header', 'footer']);
  });

  it('keeps every control of a screen in its reach block (what the low layout moves down)', () => {
    for (const screen of SCREENS) {
      const html = render(
        snapshot(
          screen,
          screen === 'confirm'
            ? { order: { medication: 'A', dose: 'B', packs: 1, codes: [] } }
            : {},
        ),
      );
      const body =
        /<div class="screen__body">(.*?)<\/div>(?:<div class="screen__reach">|<\/main>)/s.exec(
          html,
        );
      expect({ screen, bodyHasButton: body?.[1]?.includes('<button') ?? false }).toEqual({
        screen,
        bodyHasButton: false,
      });
    }
  });

  it('toggles send their setting to the reducer; replay asks the prompt player', () => {
    const actions: SessionPrefsAction[] = [];
    const prompts = {
      select: vi.fn(),
      setMuted: vi.fn(),
      replay: vi.fn(),
      current: () => null,
      state: () => 'idle' as const,
      subscribe: () => () => {},
    };
    render(snapshot('confirm'), DEFAULT_PREFS, (a) => actions.push(a), prompts);
    rendered.tools.get('contrast')!();
    rendered.tools.get('low')!();
    rendered.tools.get('mute')!();
    expect(actions).toEqual([
      { type: 'toggle', pref: 'highContrast' },
      { type: 'toggle', pref: 'lowPosition' },
      { type: 'toggle', pref: 'muted' },
    ]);
    expect(prompts.replay).not.toHaveBeenCalled();
    rendered.tools.get('replay')!();
    expect(prompts.replay).toHaveBeenCalledOnce();
  });

  it('shows the prompt playback state on the replay button', () => {
    const prompts = {
      select: () => {},
      setMuted: () => {},
      replay: () => {},
      current: () => 'audio/en/scan.wav',
      state: () => 'blocked' as const,
      subscribe: () => () => {},
    };
    expect(render(snapshot('scan'), DEFAULT_PREFS, () => {}, prompts)).toMatch(
      /data-tool="replay" data-prompt-state="blocked"/,
    );
  });
});

describe('the idle warning', () => {
  it('is a live region that is always there, empty until the warning', () => {
    const quiet = render(snapshot('scan', { idleDeadline: Date.now() + 120_000 }));
    expect(quiet).toContain('<div class="idle-countdown" aria-live="assertive"></div>');
  });

  it('is announced once (assertive) while the seconds tick without being read out', () => {
    const html = render(snapshot('identify', { idleDeadline: Date.now() + 20_500 }));
    expect(html).toMatch(
      /<div class="idle-countdown" aria-live="assertive" data-idle-seconds="2[01]"><strong>Are you still there\?<\/strong><span>Touch the screen to keep going.<\/span><span class="idle-countdown__seconds" aria-live="off">2[01] seconds<\/span><\/div>/,
    );
  });

  it('is inside the settings bar landmark on every screen, in both layouts', () => {
    for (const lowPosition of [false, true]) {
      const html = render(snapshot('confirm', { idleDeadline: Date.now() + 10_000 }), {
        ...DEFAULT_PREFS,
        lowPosition,
      });
      expect(html).toMatch(/<header class="access-bar"[^>]*><div class="idle-countdown"/);
    }
  });
});
