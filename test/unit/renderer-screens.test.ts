import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import { SCREENS, type UiEvent, type UiSnapshot } from '../../contracts/bridge';
import { createI18n } from '../../renderer/i18n';
import {
  forwardInput,
  MAX_WEDGE_BATCH,
  wedgeEvents,
  wedgeText,
} from '../../renderer/input-forwarding';
import { App } from '../../renderer/App';
import { KioskView } from '../../renderer/KioskView';
import { BP_INSTRUCTIONS } from '../fixtures/renderer/vitals-view';
import { idleToolsView } from '../fixtures/renderer/technician-tools';

const i18n = createI18n('en');

function render(snapshot: UiSnapshot): string {
  return renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n },
      createElement(KioskView, { snapshot, send: () => {} }),
    ),
  );
}

// Records each BigButton as it renders, so a test can press it without a DOM.
const rendered = vi.hoisted(() => ({
  buttons: [] as Array<{ label: string; onPress: () => void }>,
}));
vi.mock('../../renderer/components/BigButton', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../renderer/components/BigButton')>();
  return {
    BigButton: (props: Parameters<typeof actual.BigButton>[0]) => {
      rendered.buttons.push({ label: props.label, onPress: props.onPress });
      return actual.BigButton(props);
    },
  };
});

/** Renders a snapshot, presses every button on it in order, and returns what they sent. */
function buttonEvents(snapshot: UiSnapshot): UiEvent[] {
  const sent: UiEvent[] = [];
  rendered.buttons = [];
  renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n },
      createElement(KioskView, { snapshot, send: (event) => sent.push(event) }),
    ),
  );
  for (const button of rendered.buttons) button.onPress();
  return sent;
}

const base = {
  kioskName: 'Kisumu Health Post',
  language: 'en' as const,
  devices: [] as UiSnapshot['devices'],
};
const order = { medication: 'Amlodipine 5 mg', dose: 'One every morning', packs: 3, codes: [] };
const SAMPLES: Record<UiSnapshot['screen'], UiSnapshot> = {
  attract: { ...base, version: 1, screen: 'attract' },
  scan: { ...base, version: 2, screen: 'scan' },
  verifying: { ...base, version: 3, screen: 'verifying' },
  enter_code: { ...base, version: 10, screen: 'enter_code', codeEntry: { state: 'typing' } },
  identify: {
    ...base,
    version: 9,
    screen: 'identify',
    order,
    identify: { attemptsLeft: 2, lastWrong: true },
  },
  vitals: {
    ...base,
    version: 11,
    screen: 'vitals',
    vitals: BP_INSTRUCTIONS,
  },
  confirm: { ...base, version: 4, screen: 'confirm', order },
  dispensing: {
    ...base,
    version: 5,
    screen: 'dispensing',
    order,
    dispense: {
      requested: 3,
      given: 1,
      packs: [
        { index: 0, state: 'done', outcome: 'SUCCESS' },
        { index: 1, state: 'dispensing' },
        { index: 2, state: 'waiting' },
      ],
    },
  },
  printing: { ...base, version: 12, screen: 'printing' },
  done: {
    ...base,
    version: 6,
    screen: 'done',
    dispense: {
      requested: 3,
      given: 3,
      packs: [0, 1, 2].map((index) => ({ index, state: 'done' as const })),
    },
  },
  refused: {
    ...base,
    version: 7,
    screen: 'refused',
    refusal: { reason: 'expired', detail: 'exp 2024-01-01' },
  },
  out_of_service: { ...base, version: 8, screen: 'out_of_service' },
  technician: {
    ...base,
    version: 13,
    screen: 'technician',
    technician: {
      step: 'awaiting_badge',
      technician: null,
      attemptsLeft: null,
      lastWrong: false,
      lockedUntil: null,
      refusal: null,
      selfTest: { state: 'idle', completed: 0, total: 0, items: [], savedTo: null, error: null },
      bundle: { state: 'idle', result: null, error: null },
      devices: [],
      sync: null,
      exportTargets: [],
      tools: idleToolsView(),
    },
  },
};

describe('screens', () => {
  it.each([...SCREENS])('%s renders with its data-screen hook', (screen) => {
    const html = render(SAMPLES[screen]);
    expect(html).toContain(`data-screen="${screen}"`);
    expect(html.match(/data-screen=/g)).toHaveLength(1);
  });

  it('identify asks for the date of birth on a keypad and says how many tries are left', () => {
    const html = render(SAMPLES.identify);
    expect(html).toContain('Your date of birth');
    expect(html).toContain('That was not right. You can try 2 more times.');
    expect(html.match(/class="keypad__key/g)).toHaveLength(11);
  });

  it.each([
    'scan',
    'verifying',
    'enter_code',
    'identify',
    'vitals',
    'confirm',
    'dispensing',
  ] as const)('%s shows a Cancel button that sends CANCEL', (screen) => {
    expect(render(SAMPLES[screen])).toMatch(
      /<button type="button"[^>]*>.*?<span>Cancel<\/span><\/button>/,
    );
    expect(buttonEvents(SAMPLES[screen])).toContainEqual({ type: 'CANCEL' });
  });

  it('attract shows the kiosk name, a Start button and the hint that scanning also works', () => {
    const html = render(SAMPLES.attract);
    expect(html).toContain('Kisumu Health Post');
    expect(html).toContain('<span>Touch to start</span>');
    expect(html).toContain('hold your prescription QR code under the red light');
    expect(buttonEvents(SAMPLES.attract)).toEqual([{ type: 'START' }]);
  });

  it('scan tells the patient where to hold the QR code, with a picture', () => {
    const html = render(SAMPLES.scan);
    expect(html).toContain('Hold your prescription QR code under the red light.');
    expect(html).toContain('<svg class="picture"');
  });

  it('confirm shows medication, dose and packs, and Confirm sends CONFIRM', () => {
    const html = render(SAMPLES.confirm);
    expect(html).toContain('Amlodipine 5 mg');
    expect(html).toContain('One every morning');
    expect(html).toContain('3 packs');
    expect(buttonEvents(SAMPLES.confirm)).toEqual([{ type: 'CANCEL' }, { type: 'CONFIRM' }]);
  });

  it('dispensing shows one row per pack with its state', () => {
    const html = render(SAMPLES.dispensing);
    expect([...html.matchAll(/data-pack-state="(\w+)"/g)].map((m) => m[1])).toEqual([
      'done',
      'dispensing',
      'waiting',
    ]);
    expect(html).toContain('Pack 2 of 3');
    expect(html).toContain('1 of 3 packs ready');
  });

  it('done asks the patient to take the medicine, and Finish sends FINISH', () => {
    const html = render(SAMPLES.done);
    expect(html).toContain('Take your medicine from the tray');
    expect(html).not.toContain('pharmacist');
    expect(buttonEvents(SAMPLES.done)).toEqual([{ type: 'FINISH' }]);
  });

  it('done after a partial dispense says exactly how many packs were given and that the pharmacist will be told', () => {
    const partial: UiSnapshot = {
      ...SAMPLES.done,
      dispense: {
        requested: 3,
        given: 2,
        packs: [
          { index: 0, state: 'done' },
          { index: 1, state: 'done' },
          { index: 2, state: 'failed', outcome: 'FAIL_JAM' },
        ],
      },
    };
    const html = render(partial);
    expect(html).toContain('We could give you only 2 packs of the 3 on your prescription.');
    expect(html).toContain('The pharmacist will be told');
    expect(render({ ...partial, dispense: { ...partial.dispense!, given: 1 } })).toContain(
      'only 1 pack of the 3',
    );
    expect(render({ ...partial, dispense: { ...partial.dispense!, given: 0 } })).toContain(
      'We could not give you any of the 3 packs',
    );
  });

  it('refused says why in plain words and what to do next, with an OK that sends FINISH', () => {
    const html = render(SAMPLES.refused);
    expect(html).toContain('This prescription is too old. It has expired.');
    expect(html).toContain('Ask your clinic for a new prescription.');
    expect(html).not.toContain('exp 2024-01-01');
    expect(buttonEvents(SAMPLES.refused)).toEqual([{ type: 'FINISH' }]);
    const unknown = render({
      ...SAMPLES.refused,
      refusal: { reason: 'brand_new_code', detail: '' },
    });
    expect(unknown).toContain('We cannot give this medicine right now.');
    expect(unknown).not.toContain('refusal.');
  });

  it('out of service says so and offers no session buttons, only the screen settings', () => {
    const html = render(SAMPLES.out_of_service);
    expect(html).toContain('Out of service, back soon');
    expect(html).not.toContain('big-button');
    // Nothing there can reach main: no language button (an out-of-service kiosk takes no events).
    const tools = [...html.matchAll(/data-tool="(\w+)"/g)].map((m) => m[1]);
    expect(tools).toEqual(['mute', 'replay', 'contrast', 'low']);
    expect(html.match(/<button/g)).toHaveLength(tools.length);
  });

  it('shows the device strip from snapshot.devices', () => {
    const html = render({
      ...SAMPLES.attract,
      devices: [
        { id: 'd1', kind: 'dispenser', link: 'ready' },
        { id: 's1', kind: 'scanner', link: 'lost' },
        { id: 'x1', kind: 'thermo-9000', link: 'degraded' },
      ],
    });
    expect(html).toContain('Dispenser: ready');
    expect(html).toContain('Scanner: not connected');
    expect(html).toContain('thermo-9000: slow');
    expect(html).toContain('data-link="lost"');
  });

  it('shows the idle countdown only in its last seconds', () => {
    const now = Date.now();
    expect(render({ ...SAMPLES.scan, idleDeadline: now + 20_500 })).toMatch(
      /data-idle-seconds="2[01]"/,
    );
    expect(render({ ...SAMPLES.scan, idleDeadline: now + 120_000 })).not.toContain(
      'data-idle-seconds',
    );
    expect(render({ ...SAMPLES.scan, idleDeadline: now - 1_000 })).not.toContain(
      'data-idle-seconds',
    );
  });
});

describe('app', () => {
  it('says "connecting" until a snapshot has arrived over a live link', () => {
    const bridge = {
      subscribe: () => () => {},
      send: () => {},
      watchConnection: () => () => {},
      close: () => {},
    };
    const html = renderToStaticMarkup(
      createElement(I18nextProvider, { i18n }, createElement(App, { bridge })),
    );
    expect(html).toContain('data-connection="connecting"');
    expect(html).toContain('Connecting…');
    expect(html).not.toContain('data-screen');
  });
});

describe('input forwarding', () => {
  const key = (
    k: string,
    mods: Partial<Record<'ctrlKey' | 'altKey' | 'metaKey', boolean>> = {},
  ) => ({
    key: k,
    ctrlKey: false,
    altKey: false,
    metaKey: false,
    ...mods,
  });

  it('forwards printable keys and Enter (as CR), keeps Tab and shortcuts', () => {
    expect(wedgeText(key('s'))).toBe('s');
    expect(wedgeText(key(' '))).toBe(' ');
    expect(wedgeText(key('Enter'))).toBe('\r');
    expect(wedgeText(key('Tab'))).toBeNull();
    expect(wedgeText(key('Shift'))).toBeNull();
    expect(wedgeText(key('r', { ctrlKey: true }))).toBeNull();
    expect(wedgeText(key('@', { ctrlKey: true, altKey: true }))).toBe('@'); // AltGr
    expect(wedgeText(key('v', { metaKey: true }))).toBeNull();
  });

  it('splits long bursts to fit the WEDGE_KEYS schema', () => {
    const events = wedgeEvents('9'.repeat(MAX_WEDGE_BATCH * 2 + 5));
    expect(events.map((e) => (e.type === 'WEDGE_KEYS' ? e.keys.length : 0))).toEqual([
      4096, 4096, 5,
    ]);
    expect(wedgeEvents('')).toEqual([]);
  });

  it('batches keystrokes per animation frame, sends ACTIVITY on pointer down, in order', () => {
    const listeners = new Map<string, (event: Event) => void>();
    const target = {
      addEventListener: (type: string, listener: (event: Event) => void) =>
        listeners.set(type, listener),
      removeEventListener: (type: string) => listeners.delete(type),
    };
    const frames: Array<() => void> = [];
    const sent: UiEvent[] = [];
    const stop = forwardInput(target, (e) => sent.push(e), {
      request: (callback) => frames.push(callback),
      cancel: (handle) => frames.splice(handle - 1, 1, () => {}),
    });
    const type = (k: string) => {
      const event = { ...key(k), preventDefault: vi.fn() };
      listeners.get('keydown')?.(event as unknown as Event);
      return event.preventDefault;
    };
    for (const k of 'shc:/56') type(k);
    const enterDefault = type('Enter');
    const tabDefault = type('Tab');
    expect(enterDefault).toHaveBeenCalled(); // a scanner's Enter never presses the focused button
    expect(tabDefault).not.toHaveBeenCalled();
    expect(sent).toEqual([]);
    expect(frames).toHaveLength(1);
    frames[0]();
    expect(sent).toEqual([{ type: 'WEDGE_KEYS', keys: 'shc:/56\r' }]);

    type('7');
    listeners.get('pointerdown')?.({} as Event);
    expect(sent.slice(1)).toEqual([{ type: 'WEDGE_KEYS', keys: '7' }, { type: 'ACTIVITY' }]);

    stop();
    expect(listeners.size).toBe(0);
  });
});
