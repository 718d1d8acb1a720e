import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  LANGUAGES,
  TechnicianView,
  UiEvent,
  type Language,
  type UiSnapshot,
} from '../../contracts/bridge';
import { BADGE_REFUSAL_REASONS } from '../../main/technician/badge';
import { PROMPTS, promptFor } from '../../renderer/audio/prompts';
import { createI18n } from '../../renderer/i18n';
import { KioskView } from '../../renderer/KioskView';
import { offersHelp } from '../../renderer/offers-help';
import { TECH_REFUSAL_REASONS, techRefusalKey } from '../../renderer/technician/badge-refusals';
import { DEVICE_FAULTS, deviceFault } from '../../renderer/technician/device-errors';
import { exportTarget } from '../../renderer/technician/export-target';
import { createLongPress, TECH_LONG_PRESS_MS } from '../../renderer/technician/long-press';
import {
  agoText,
  durationText,
  shortHash,
  sizeText,
} from '../../renderer/technician/technician-format';
import { idleToolsView } from '../fixtures/renderer/technician-tools';

// Records the buttons, the keypad, the corner and the activity wrapper as they render, so a test
// can press them without a DOM (the patient screens' tests do the same).
type Handler = (event?: unknown) => void;
const rendered = vi.hoisted(() => ({
  buttons: [] as Array<{ action?: string; onPress: () => void; disabled?: boolean }>,
  keypads: [] as Array<{ onDigit: (digit: string) => void; onDelete: () => void }>,
  corner: null as Record<string, Handler> | null,
  activity: null as Handler | null,
}));
vi.mock('../../renderer/components/BigButton', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../renderer/components/BigButton')>();
  return {
    BigButton: (props: Parameters<typeof actual.BigButton>[0]) => {
      rendered.buttons.push(props);
      return actual.BigButton(props);
    },
  };
});
vi.mock('../../renderer/components/DigitKeypad', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../renderer/components/DigitKeypad')>();
  return {
    DigitKeypad: (props: Parameters<typeof actual.DigitKeypad>[0]) => {
      rendered.keypads.push(props);
      return actual.DigitKeypad(props);
    },
  };
});
// The real corner, rendered inside this wrapper: its hooks run, and its <button>'s handlers
// (closing over the real long-press timer) are kept for the test to fire.
vi.mock('../../renderer/technician/TechCorner', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../renderer/technician/TechCorner')>();
  return {
    TechCorner: (props: Parameters<typeof actual.TechCorner>[0]) => {
      const element = actual.TechCorner(props);
      rendered.corner = element.props as Record<string, Handler>;
      return element;
    },
  };
});
vi.mock('../../renderer/technician/TechActivity', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../renderer/technician/TechActivity')>();
  return {
    TechActivity: (props: Parameters<typeof actual.TechActivity>[0]) => {
      const element = actual.TechActivity(props);
      rendered.activity = (element.props as { onPointerDownCapture: Handler }).onPointerDownCapture;
      return element;
    },
  };
});

const RENDERER = join(import.meta.dirname, '..', '..', 'renderer');
const SHA = 'ab12cd34ef56'.padEnd(60, '0') + '9f9f';

function view(extra: Partial<TechnicianView> = {}): TechnicianView {
  return TechnicianView.parse({
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
    ...extra,
  });
}

const AMINA = { technicianId: 'tech-0042', name: 'Amina Otieno', roles: ['service', 'restock'] };

/** A device card's counters before any traffic. */
const NO_COUNTS = { usb: null, reconnects: 0, frames: null, timeouts: 0 };

const PANEL = view({
  step: 'panel',
  technician: AMINA,
  devices: [
    {
      ...NO_COUNTS,
      id: 'dispenser',
      link: 'ready',
      port: '/dev/ttyUSB0',
      frames: { good: 1204, bad: 2 },
      timeouts: 5,
      lastError: null,
    },
    {
      ...NO_COUNTS,
      id: 'scanner',
      link: 'lost',
      port: '/dev/ttyACM1',
      usb: '0c2e:0b61',
      reconnects: 3,
      lastError: 'no POLL from the board for 3 s',
    },
    {
      ...NO_COUNTS,
      id: 'label-1',
      link: 'degraded',
      port: null,
      reconnects: 1,
      lastError: 'Error: EACCES',
    },
    { ...NO_COUNTS, id: 'thermo', link: 'closed', port: null, lastError: 'weird new thing' },
  ],
  exportTargets: ['/media/usb0', '/var/lib/opendispense/diagnostics'],
});

const snapshotDevices: UiSnapshot['devices'] = [
  { id: 'dispenser', kind: 'dispenser', link: 'ready' },
  { id: 'scanner', kind: 'scanner', link: 'lost' },
  { id: 'label-1', kind: 'printer', link: 'degraded' },
];

function snapshot(technician: TechnicianView | undefined, language: Language = 'en'): UiSnapshot {
  return {
    version: 1,
    screen: 'technician',
    kioskName: 'Kisumu Health Post',
    language,
    devices: snapshotDevices,
    ...(technician && { technician }),
  };
}

function render(snap: UiSnapshot) {
  const sent: UiEvent[] = [];
  rendered.buttons = [];
  rendered.keypads = [];
  rendered.corner = null;
  rendered.activity = null;
  const html = renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n: createI18n(snap.language) },
      createElement(KioskView, { snapshot: snap, send: (event) => sent.push(event) }),
    ),
  );
  const buttons = [...rendered.buttons];
  const button = (action: string) => {
    const found = buttons.find((b) => b.action === action);
    if (!found) throw new Error(`no button ${action} on the screen`);
    return found;
  };
  return {
    html,
    sent,
    actions: [...html.matchAll(/data-action="([\w-]+)"/g)].map((m) => m[1]!),
    button,
    press: (action: string) => {
      button(action).onPress();
      return sent;
    },
    keypad: () => {
      const keypad = rendered.keypads.at(-1);
      if (!keypad) throw new Error('no keypad on the screen');
      return keypad;
    },
  };
}

/** Every event the renderer sends must pass main's schema. */
function expectValid(events: UiEvent[]) {
  for (const event of events)
    expect(UiEvent.safeParse(event).success, JSON.stringify(event)).toBe(true);
}

describe('the technician screen', () => {
  it('is the technician screen with no Help button and no device strip', () => {
    const { html } = render(snapshot(view()));
    expect(html.match(/data-screen="technician"/g)).toHaveLength(1);
    expect(html).not.toContain('data-action="help"');
    expect(html).not.toContain('device-strip');
    expect(offersHelp('technician')).toBe(false);
  });

  it('awaiting_badge asks for the service badge with a picture, and Cancel sends TECH_CANCEL', () => {
    const { html, press, actions } = render(snapshot(view({ step: 'awaiting_badge' })));
    expect(html).toMatch(/data-screen="technician".*data-step="awaiting_badge"/s);
    expect(html).toContain('Scan your service badge');
    expect(html).toContain('Hold the QR code on your service badge under the red light.');
    expect(html).toContain('<svg class="picture"');
    expect(actions).toEqual(['tech-cancel']);
    expect(press('tech-cancel')).toEqual([{ type: 'TECH_CANCEL' }]);
  });

  it.each([
    ['checking_badge', 'Checking the badge…'],
    ['checking_pin', 'Checking the PIN…'],
  ] as const)('%s shows a spinner and nothing to press', (step, title) => {
    const { html, actions } = render(snapshot(view({ step, technician: AMINA })));
    expect(html).toContain(`data-step="${step}"`);
    expect(html).toContain('class="picture spinner"');
    expect(html).toContain(title);
    expect(actions).toEqual([]);
  });

  it.each(['awaiting_badge', 'pin', 'panel'] as const)(
    'tells patients in every language that the kiosk is out of service (%s), whatever the technician’s language',
    (step) => {
      const technicianView = step === 'panel' ? PANEL : view({ step, technician: AMINA });
      const { html } = render(snapshot(technicianView, 'fr'));
      const banner = html.slice(html.indexOf('data-service-banner'), html.indexOf('</aside>'));
      for (const [language, title] of [
        ['en', 'Out of service, back soon'],
        ['es', 'Fuera de servicio, vuelve pronto'],
        ['fr', 'Hors service, de retour bientôt'],
        ['sw', 'Haifanyi kazi, itarudi hivi karibuni'],
      ])
        expect(banner).toContain(`<li lang="${language}">${title}</li>`);
    },
  );

  it('without a technician view, says service mode is closed', () => {
    const { html } = render(snapshot(undefined));
    expect(html).toContain('data-step="locked"');
    expect(html).toContain('Service mode is closed.');
  });

  it.each(['pin', 'panel'] as const)('sends TECH_ACTIVITY on any touch (%s)', (step) => {
    const { sent } = render(snapshot(step === 'panel' ? PANEL : view({ step, technician: AMINA })));
    expect(rendered.activity).not.toBeNull();
    rendered.activity!({});
    expect(sent).toEqual([{ type: 'TECH_ACTIVITY' }]);
    expectValid(sent);
  });
});

describe('the PIN', () => {
  const pinView = (extra: Partial<TechnicianView> = {}) =>
    view({ step: 'pin', technician: AMINA, attemptsLeft: 3, ...extra });

  it('names the technician, shows the keypad and masked dots, and no digits', () => {
    const { html, actions } = render(snapshot(pinView()));
    expect(html).toContain('data-step="pin"');
    expect(html).toContain('data-last-wrong="false"');
    expect(html).toContain('Badge of Amina Otieno');
    expect(html.match(/class="keypad__key/g)).toHaveLength(11);
    expect(html).toContain('○ ○ ○ ○');
    expect(html).not.toContain('Wrong PIN');
    expect(actions).toEqual(['tech-cancel', 'tech-submit-pin']);
  });

  it('sends TECH_SUBMIT_PIN with the digits typed on the keypad, only from 4 digits on', () => {
    const { keypad, press, sent, button } = render(snapshot(pinView()));
    expect(button('tech-submit-pin').disabled).toBe(true);
    for (const digit of '739') keypad().onDigit(digit);
    press('tech-submit-pin');
    expect(sent).toEqual([]);
    keypad().onDigit('1');
    keypad().onDelete();
    keypad().onDigit('2');
    press('tech-submit-pin');
    expect(sent).toEqual([{ type: 'TECH_SUBMIT_PIN', pin: '7392' }]);
    // Sent once: the typed PIN is gone after it.
    press('tech-submit-pin');
    expect(sent).toHaveLength(1);
    expectValid(sent);
  });

  it('takes at most 12 digits', () => {
    const { keypad, press, sent } = render(snapshot(pinView()));
    for (const digit of '12345678901234') keypad().onDigit(digit);
    press('tech-submit-pin');
    expect(sent).toEqual([{ type: 'TECH_SUBMIT_PIN', pin: '123456789012' }]);
    expectValid(sent);
  });

  it('after a wrong PIN, says how many tries are left before the badge locks', () => {
    const two = render(snapshot(pinView({ lastWrong: true, attemptsLeft: 2 }))).html;
    expect(two).toContain('data-last-wrong="true"');
    expect(two).toContain('data-attempts-left="2"');
    expect(two).toContain('Wrong PIN. 2 tries left before this badge is locked.');
    const one = render(snapshot(pinView({ lastWrong: true, attemptsLeft: 1 }))).html;
    expect(one).toContain('Wrong PIN. 1 try left before this badge is locked.');
    const fr = render(snapshot(pinView({ lastWrong: true, attemptsLeft: 2 }), 'fr')).html;
    expect(fr).toContain('Code PIN incorrect. Il reste 2 essais avant le blocage de ce badge.');
  });

  it('Cancel sends TECH_CANCEL', () => {
    expect(render(snapshot(pinView())).press('tech-cancel')).toEqual([{ type: 'TECH_CANCEL' }]);
  });
});

describe('a locked badge', () => {
  it('says until when, as a time of day in the kiosk’s language, and OK sends TECH_CANCEL', () => {
    const until = new Date();
    until.setHours(23, 59, 0, 0);
    for (const language of LANGUAGES) {
      const { html, press } = render(
        snapshot(view({ step: 'locked_out', lockedUntil: until.getTime() }), language),
      );
      expect(html).toContain('data-step="locked_out"');
      expect(html).toContain(`data-locked-until="${until.getTime()}"`);
      const time = new Intl.DateTimeFormat(language, { timeStyle: 'short' }).format(until);
      expect(html, language).toContain(time);
      if (language === 'en')
        expect(html).toContain(`This badge is locked on this kiosk until ${time}.`);
      expect(press('tech-cancel')).toEqual([{ type: 'TECH_CANCEL' }]);
    }
  });

  it('names the day too when the lock ends on another day', () => {
    const until = new Date();
    until.setDate(until.getDate() + 1);
    until.setHours(9, 5, 0, 0);
    const { html } = render(snapshot(view({ step: 'locked_out', lockedUntil: until.getTime() })));
    const when = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(
      until,
    );
    expect(html).toContain(`until ${when}.`);
  });
});

describe('a refused badge', () => {
  it('knows every refusal code of main’s badge check', () => {
    for (const reason of BADGE_REFUSAL_REASONS) expect(TECH_REFUSAL_REASONS).toContain(reason);
  });

  it.each([
    ['expired', 'This badge has expired.'],
    ['revoked', 'This badge has been revoked.'],
    ['not_on_roster', 'You are not on this kiosk’s technician roster.'],
    ['unknown_kid', 'This is not a service badge this kiosk trusts'],
    ['malformed', 'This is not a service badge the kiosk can read.'],
    ['error', 'the kiosk had an internal error'],
  ] as const)('says why in plain words (%s), with the code and detail small', (reason, words) => {
    const { html, press } = render(
      snapshot(view({ step: 'refused', refusal: { reason, detail: 'exp 1700000000' } })),
    );
    expect(html).toContain('data-step="refused"');
    expect(html).toContain(`data-refusal-reason="${reason}"`);
    expect(html).toContain(words);
    expect(html).toContain(`Code: ${reason}`);
    expect(html).toContain('Detail: exp 1700000000');
    expect(press('tech-cancel')).toEqual([{ type: 'TECH_CANCEL' }]);
  });

  it('says a code it does not know in general words, never as a raw key', () => {
    expect(techRefusalKey('from_the_future')).toBe('unknown');
    expect(techRefusalKey('__proto__')).toBe('unknown');
    const { html } = render(
      snapshot(view({ step: 'refused', refusal: { reason: 'from_the_future', detail: '' } })),
    );
    expect(html).toContain('data-refusal-reason="unknown"');
    expect(html).toContain('This badge was refused.');
    expect(html).not.toContain('technician.refused');
  });
});

describe('the panel', () => {
  it('shows who is logged in, and Log out sends TECH_LOGOUT', () => {
    const { html, press } = render(snapshot(PANEL));
    expect(html).toMatch(/data-screen="technician".*data-step="panel"/s);
    expect(html).toContain('Logged in: Amina Otieno (tech-0042)');
    expect(html).toContain('Roles: service, restock');
    expect(press('tech-logout')).toEqual([{ type: 'TECH_LOGOUT' }]);
  });

  it('has one card per device with its link as a dot and in words, its port, reconnects and last error', () => {
    const { html } = render(snapshot(PANEL));
    const cards = [
      ...html.matchAll(/<li class="tech-device[^"]*" data-device="([^"]+)" data-link="(\w+)">/g),
    ];
    expect(cards.map((m) => [m[1], m[2]])).toEqual([
      ['dispenser', 'ready'],
      ['scanner', 'lost'],
      ['label-1', 'degraded'],
      ['thermo', 'closed'],
    ]);
    const card = (id: string) => html.split(`data-device="${id}"`)[1]!.split('</li>')[0]!;
    expect(card('dispenser')).toContain('Dispenser');
    expect(card('dispenser')).toContain('<span class="tech-dot" aria-hidden="true"></span>ready');
    expect(card('dispenser')).toContain('/dev/ttyUSB0');
    expect(card('dispenser')).toMatch(/Last error<\/dt><dd>none<\/dd>/);
    expect(card('dispenser')).toContain('1,204 good, 2 bad');
    expect(card('dispenser')).toContain('data-timeouts="5"');
    expect(card('dispenser')).not.toContain('USB ids');
    expect(card('scanner')).toMatch(/USB ids<\/dt><dd><code class="tech-code">0c2e:0b61<\/code>/);
    expect(card('scanner')).toMatch(/Frames<\/dt><dd>none yet<\/dd>/);
    expect(card('scanner')).toContain('not connected');
    expect(card('scanner')).toContain('data-reconnects="3"');
    expect(card('scanner')).toContain('The device stopped answering.');
    expect(card('scanner')).toContain('no POLL from the board for 3 s');
    expect(card('label-1')).toContain('Printer');
    expect(card('label-1')).toContain('slow');
    expect(card('label-1')).toContain('The kiosk is not allowed to open this port.');
    expect(card('label-1')).toMatch(/Port<\/dt><dd>none<\/dd>/);
    // A kind main did not name, and an error nobody mapped: shown as they are.
    expect(card('thermo')).toContain('thermo');
    expect(card('thermo')).toContain('off');
    expect(card('thermo')).toContain('weird new thing');
    expect(card('thermo')).not.toContain('data-fault=');
  });

  it('says when the kiosk is not connected to a hub', () => {
    const { html } = render(snapshot(PANEL));
    expect(html).toContain('data-sync="none"');
    expect(html).toContain('Not connected to a hub.');
  });

  it('shows the sync: last success as relative time, backlog, lag and the hub clock offset', () => {
    const { html } = render(
      snapshot({
        ...PANEL,
        sync: {
          state: 'offline',
          lastSuccessAt: Date.now() - 3 * 60_000 - 1_000,
          backlog: 12,
          lagMs: 4_500,
          hubOffsetMs: 1_200,
          lastError: 'connect ECONNREFUSED 10.0.0.2:8443',
        },
      }),
    );
    expect(html).toContain('data-sync="offline"');
    expect(html).toContain('offline, will try again');
    expect(html).toContain('3 minutes ago');
    expect(html).toContain('12 events not sent');
    expect(html).toContain('4.5 seconds');
    expect(html).toContain('+1.2 seconds');
    expect(html).toContain('connect ECONNREFUSED 10.0.0.2:8443');
    const never = render(
      snapshot({
        ...PANEL,
        sync: {
          state: 'syncing',
          lastSuccessAt: null,
          backlog: 1,
          lagMs: null,
          hubOffsetMs: null,
          lastError: null,
        },
      }),
    ).html;
    expect(never).toMatch(/Last success<\/dt><dd>never<\/dd>/);
    expect(never).toContain('1 event not sent');
    expect(never).toMatch(/Lag<\/dt><dd>unknown<\/dd>/);
  });

  it('starts a sync round from the sync card, not while one runs, and not without a hub', () => {
    const online = {
      state: 'online',
      lastSuccessAt: Date.now() - 60_000,
      backlog: 0,
      lagMs: 0,
      hubOffsetMs: 0,
      lastError: null,
    };
    const idle = render(snapshot({ ...PANEL, sync: online }));
    expect(idle.button('tech-sync-now').disabled).toBeFalsy();
    expect(idle.press('tech-sync-now')).toEqual([{ type: 'TECH_SYNC_NOW' }]);
    const running = render(snapshot({ ...PANEL, sync: { ...online, state: 'syncing' } }));
    expect(running.button('tech-sync-now').disabled).toBe(true);
    expect(render(snapshot({ ...PANEL, sync: null })).html).not.toContain('tech-sync-now');
  });

  it('runs the self-test with one button', () => {
    const { html, press, button } = render(snapshot(PANEL));
    expect(html).toContain('data-self-test="idle"');
    expect(button('tech-self-test').disabled).toBeFalsy();
    expect(press('tech-self-test')).toEqual([{ type: 'TECH_RUN_SELF_TEST' }]);
  });

  it('shows a progress bar while the self-test runs, and neither job can start meanwhile', () => {
    const running = {
      ...PANEL,
      selfTest: {
        state: 'running' as const,
        completed: 3,
        total: 10,
        items: [{ id: 'disk', title: 'Free disk', passed: true, reason: '12 GB free' }],
        savedTo: null,
        error: null,
      },
    };
    const { html, button } = render(snapshot(running));
    expect(html).toMatch(
      /<progress class="tech-progress__bar" aria-labelledby="[^"]+" max="10" value="3">/,
    );
    expect(html).toContain('3 of 10 checks done');
    expect(html).toContain('data-item="disk" data-passed="true"');
    expect(button('tech-self-test').disabled).toBe(true);
    expect(button('tech-export').disabled).toBe(true);
    const starting = render(
      snapshot({ ...running, selfTest: { ...running.selfTest, completed: 0, total: 0 } }),
    ).html;
    expect(starting).toContain('Starting…');
    expect(starting).toMatch(
      /<progress class="tech-progress__bar" aria-labelledby="[^"]+" max="1"><\/progress>/,
    );
  });

  it('lists each check as passed or failed, in words, with its reason and where the report went', () => {
    const { html } = render(
      snapshot({
        ...PANEL,
        selfTest: {
          state: 'done',
          completed: 2,
          total: 2,
          items: [
            {
              id: 'device:dispenser',
              title: 'Dispenser',
              passed: true,
              reason: 'machine status OK',
            },
            { id: 'device:scanner', title: 'Scanner', passed: false, reason: 'link is lost' },
          ],
          savedTo: '/data/diagnostics/self-test-2025.html',
          error: null,
        },
      }),
    );
    const items = [...html.matchAll(/data-item="([^"]+)" data-passed="(\w+)"/g)];
    expect(items.map((m) => [m[1], m[2]])).toEqual([
      ['device:dispenser', 'true'],
      ['device:scanner', 'false'],
    ]);
    const item = (id: string) => html.split(`data-item="${id}"`)[1]!.split('</li>')[0]!;
    expect(item('device:dispenser')).toContain('Passed');
    expect(item('device:dispenser')).toContain('machine status OK');
    expect(item('device:scanner')).toContain('Failed');
    expect(item('device:scanner')).toContain('link is lost');
    expect(html).toContain('1 check failed.');
    expect(html).toContain('Report saved to /data/diagnostics/self-test-2025.html');
  });

  it('says when the self-test could not run', () => {
    const { html } = render(
      snapshot({
        ...PANEL,
        selfTest: { ...PANEL.selfTest, state: 'failed', error: 'journal locked' },
      }),
    );
    expect(html).toContain('The self-test could not run: journal locked');
  });

  it('offers the export targets, the first chosen, and Export sends TECH_EXPORT_BUNDLE with it', () => {
    const { html, press } = render(snapshot(PANEL));
    const radios = [
      ...html.matchAll(/<input type="radio"[^>]*data-export-target="([^"]+)"[^>]*>/g),
    ];
    expect(radios.map((m) => m[1])).toEqual(PANEL.exportTargets);
    expect(radios[0]![0]).toContain('checked=""');
    expect(radios[1]![0]).not.toContain('checked');
    const sent = press('tech-export');
    expect(sent).toEqual([{ type: 'TECH_EXPORT_BUNDLE', outDir: '/media/usb0' }]);
    expectValid(sent);
  });

  it('says to plug in a USB stick when there is nowhere to write, and exports nothing', () => {
    const { html, press, button } = render(snapshot({ ...PANEL, exportTargets: [] }));
    expect(html).toContain('There is nowhere to save a bundle. Plug in a USB stick.');
    expect(button('tech-export').disabled).toBe(true);
    expect(press('tech-export')).toEqual([]);
  });

  it('shows the bundle written, with a shortened SHA-256, or why it failed', () => {
    const done = render(
      snapshot({
        ...PANEL,
        bundle: {
          state: 'done',
          result: { file: '/media/usb0/diag-k-1.tar.gz', sha256: SHA, bytes: 1_234_567 },
          error: null,
        },
      }),
    ).html;
    expect(done).toContain('Bundle saved.');
    expect(done).toContain('/media/usb0/diag-k-1.tar.gz');
    expect(done).toContain(`>ab12cd34ef56…9f9f</code>`);
    expect(done).toContain(`title="${SHA}"`);
    expect(done).toContain('1.2 MB');
    const failed = render(
      snapshot({ ...PANEL, bundle: { state: 'failed', result: null, error: 'disk full' } }),
    ).html;
    expect(failed).toContain('The bundle could not be exported: disk full');
    const exporting = render(
      snapshot({ ...PANEL, bundle: { state: 'exporting', result: null, error: null } }),
    );
    expect(exporting.html).toContain('Exporting…');
    expect(exporting.button('tech-self-test').disabled).toBe(true);
  });

  it.each(LANGUAGES)('%s: every step renders without a raw key', (language) => {
    const steps: TechnicianView[] = [
      view({ step: 'awaiting_badge' }),
      view({ step: 'checking_badge' }),
      view({ step: 'pin', technician: AMINA, attemptsLeft: 1, lastWrong: true }),
      view({ step: 'checking_pin' }),
      view({ step: 'locked_out', lockedUntil: Date.now() + 300_000 }),
      view({ step: 'refused', refusal: { reason: 'revoked', detail: '' } }),
      {
        ...PANEL,
        sync: {
          state: 'online',
          lastSuccessAt: Date.now(),
          backlog: 0,
          lagMs: 0,
          hubOffsetMs: -40,
          lastError: null,
        },
        selfTest: {
          state: 'done',
          completed: 1,
          total: 1,
          items: [{ id: 'disk', title: 'Free disk', passed: true, reason: 'ok' }],
          savedTo: '/x',
          error: null,
        },
        bundle: {
          state: 'done',
          result: { file: '/x.tar.gz', sha256: SHA, bytes: 10 },
          error: null,
        },
      },
    ];
    for (const step of steps) {
      const { html } = render(snapshot(step, language));
      expect(html, `${language} ${step.step}`).not.toMatch(/technician\.|devices\.links|\{\{/);
    }
  });
});

describe('the marked corner of the attract screen', () => {
  const attract: UiSnapshot = { ...snapshot(undefined), screen: 'attract' };
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is a labelled button in the attract screen', () => {
    const { html, actions } = render(attract);
    expect(html).toMatch(
      /<button type="button" class="tech-corner" data-action="tech-corner" aria-label="Service mode: touch and hold for 2 seconds">/,
    );
    expect(actions).toContain('tech-corner');
    expect(render({ ...attract, screen: 'scan' }).html).not.toContain('tech-corner');
  });

  it('sends TECH_REQUEST_LOGIN only once held for 2 s', () => {
    const { sent } = render(attract);
    expect(TECH_LONG_PRESS_MS).toBe(2_000);
    rendered.corner!.onPointerDown!({ button: 0 });
    vi.advanceTimersByTime(1_999);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([{ type: 'TECH_REQUEST_LOGIN' }]);
    rendered.corner!.onPointerUp!({});
    vi.advanceTimersByTime(10_000);
    expect(sent).toHaveLength(1);
    expectValid(sent);
  });

  it('sends nothing for a tap, a finger that slides off, or a press the browser cancels', () => {
    const { sent } = render(attract);
    for (const release of ['onPointerUp', 'onPointerLeave', 'onPointerCancel']) {
      rendered.corner!.onPointerDown!({ button: 0 });
      vi.advanceTimersByTime(300);
      rendered.corner![release]!({});
      vi.advanceTimersByTime(10_000);
    }
    // Another mouse button is not a press.
    rendered.corner!.onPointerDown!({ button: 2 });
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual([]);
  });

  it('works with a held Enter key too, its repeats not restarting the count', () => {
    const { sent } = render(attract);
    rendered.corner!.onKeyDown!({ key: 'Enter', repeat: false });
    vi.advanceTimersByTime(1_500);
    rendered.corner!.onKeyDown!({ key: 'Enter', repeat: true });
    vi.advanceTimersByTime(500);
    expect(sent).toEqual([{ type: 'TECH_REQUEST_LOGIN' }]);
    rendered.corner!.onKeyDown!({ key: 'Enter', repeat: false });
    rendered.corner!.onKeyUp!({ key: 'Enter' });
    vi.advanceTimersByTime(10_000);
    expect(sent).toHaveLength(1);
  });

  it('times a press on its own: start, cancel, and one timer at a time', () => {
    const press = createLongPress(1_000);
    const held = vi.fn();
    press.start(held);
    press.start(held);
    vi.advanceTimersByTime(1_000);
    expect(held).toHaveBeenCalledTimes(1);
    press.start(held);
    press.cancel();
    vi.advanceTimersByTime(5_000);
    expect(held).toHaveBeenCalledTimes(1);
  });
});

describe('technician texts and numbers', () => {
  it('has the screen title as its only prompt', () => {
    expect(PROMPTS.technician).toEqual(['screens.technician.title']);
    expect(promptFor(snapshot(PANEL))).toBe('technician');
  });

  it('names the usual device faults in plain words', () => {
    expect(deviceFault('Error: ENOENT: no such file or directory, open /dev/ttyUSB9')).toBe(
      'notFound',
    );
    expect(deviceFault('Error: Permission denied, cannot open /dev/ttyS0')).toBe('permission');
    expect(deviceFault('EACCES')).toBe('permission');
    expect(deviceFault('Error Resource busy, cannot lock port')).toBe('busy');
    expect(deviceFault('command timed out after 500 ms')).toBe('noAnswer');
    expect(deviceFault('no POLL from the board for 1 s')).toBe('noAnswer');
    expect(deviceFault('Port is not open: closed')).toBe('disconnected');
    expect(deviceFault('bad checksum 0x3f')).toBe('garbled');
    expect(deviceFault('oximeter frames out of sync')).toBe('garbled');
    expect(deviceFault('something else')).toBeNull();
    expect(DEVICE_FAULTS).toHaveLength(6);
  });

  it('formats durations, times ago, sizes and hashes with Intl', () => {
    expect(durationText(250, 'en')).toBe('250 milliseconds');
    expect(durationText(80_000, 'en')).toBe('80 seconds');
    expect(durationText(5 * 60_000, 'en')).toBe('5 minutes');
    expect(durationText(-1_500, 'en', true)).toBe('-1.5 seconds');
    expect(durationText(0, 'en', true)).toBe('0 milliseconds');
    expect(durationText(1_200, 'fr').replace(/\s/g, ' ')).toBe('1,2 seconde');
    const now = 1_750_000_000_000;
    expect(agoText(now - 5_000, now, 'en')).toBe('5 seconds ago');
    expect(agoText(now, now, 'en')).toBe('now');
    expect(agoText(now - 2 * 3_600_000, now, 'en')).toBe('2 hours ago');
    expect(agoText(now + 60_000, now, 'en')).toBe('now');
    expect(agoText(now - 3 * 60_000, now, 'es')).toBe('hace 3 minutos');
    expect(sizeText(512, 'en')).toBe('512 byte');
    expect(sizeText(2_500_000_000, 'en')).toBe('2.5 GB');
    expect(shortHash(SHA)).toBe('ab12cd34ef56…9f9f');
    expect(shortHash('abc')).toBe('abc');
  });

  it('keeps the chosen export target only while main still offers it', () => {
    expect(exportTarget(null, ['/a', '/b'])).toBe('/a');
    expect(exportTarget('/b', ['/a', '/b'])).toBe('/b');
    expect(exportTarget('/gone', ['/a'])).toBe('/a');
    expect(exportTarget('/gone', [])).toBeNull();
  });

  it('keeps literal words out of the technician components (all text goes through i18next)', () => {
    const dir = join(RENDERER, 'technician');
    const files = readdirSync(dir)
      .filter((name) => name.endsWith('.tsx'))
      .map((name) => join(dir, name));
    files.push(join(RENDERER, 'screens', 'TechnicianScreen.tsx'));
    const offenders: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, 'utf8').replace(/\{\/\*[\s\S]*?\*\/\}/g, '');
      for (const match of source.matchAll(/>([^<>{}()=;]*[A-Za-z][^<>{}()=;]*)</g))
        offenders.push(`${file}: ${match[1].trim()}`);
      for (const match of source.matchAll(
        /\b(aria-label|title|alt|placeholder|label)="([^"]*[A-Za-z][^"]*)"/g,
      ))
        offenders.push(`${file}: ${match[1]}="${match[2]}"`);
    }
    expect(files.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
