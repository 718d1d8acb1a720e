import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import { LANGUAGES, UiEvent, type UiSnapshot, type VitalsView } from '../../contracts/bridge';
import {
  COUNSELLING_CODES,
  counsellingCode,
  counsellingFor,
} from '../../renderer/counselling/counselling';
import { PICTOGRAM_IDS } from '../../renderer/counselling/pictogram-ids';
import { createI18n, TEXTS } from '../../renderer/i18n';
import en from '../../renderer/i18n/en.json';
import { KioskView } from '../../renderer/KioskView';
import { Pictogram } from '../../renderer/pictures/Pictogram';
import {
  codeTyping,
  SHORT_CODE_DIGITS,
  SHORT_CODE_LETTERS,
  shortCodeDisplay,
  shortCodeOf,
  type CodeTypingAction,
} from '../../renderer/screens/short-code';
import { BP_INSTRUCTIONS } from '../fixtures/renderer/vitals-view';

// Records the buttons and the code keypad as they render, so a test can press them without a DOM.
const rendered = vi.hoisted(() => ({
  buttons: [] as Array<{ action?: string; onPress: () => void }>,
  keypads: [] as Array<{ onKey: (key: string) => void; onDelete: () => void; disabled?: boolean }>,
}));
vi.mock('../../renderer/components/BigButton', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../renderer/components/BigButton')>();
  return {
    BigButton: (props: Parameters<typeof actual.BigButton>[0]) => {
      rendered.buttons.push({ action: props.action, onPress: props.onPress });
      return actual.BigButton(props);
    },
  };
});
vi.mock('../../renderer/components/HelpButton', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../renderer/components/HelpButton')>();
  return {
    HelpButton: (props: Parameters<typeof actual.HelpButton>[0]) => {
      rendered.buttons.push({ action: 'help', onPress: props.onPress });
      return actual.HelpButton(props);
    },
  };
});
vi.mock('../../renderer/components/CodeKeypad', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../renderer/components/CodeKeypad')>();
  return {
    CodeKeypad: (props: Parameters<typeof actual.CodeKeypad>[0]) => {
      rendered.keypads.push(props);
      return actual.CodeKeypad(props);
    },
  };
});

const base = {
  version: 1,
  kioskName: 'Kisumu Health Post',
  language: 'en' as const,
  devices: [] as UiSnapshot['devices'],
};
const AMLODIPINE = {
  medication: 'Amlodipine 5 mg tablets',
  dose: 'Take one tablet each morning',
  packs: 2,
  codes: ['09506000134352', 'C08CA01'],
};
const VIEW: VitalsView = { ...BP_INSTRUCTIONS, phase: 'done' };

function render(snapshot: UiSnapshot): {
  html: string;
  press: (action: string) => UiEvent[];
  actions: string[];
} {
  const sent: UiEvent[] = [];
  rendered.buttons = [];
  rendered.keypads = [];
  const html = renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n: createI18n(snapshot.language) },
      createElement(KioskView, { snapshot, send: (event) => sent.push(event) }),
    ),
  );
  const buttons = [...rendered.buttons];
  return {
    html,
    actions: [...html.matchAll(/data-action="([\w-]+)"/g)].map((m) => m[1]!),
    press: (action) => {
      const button = buttons.find((b) => b.action === action);
      if (!button) throw new Error(`no button ${action} on the screen`);
      button.onPress();
      return sent;
    },
  };
}

describe('the scan screen', () => {
  it('offers to type the code instead, which sends ENTER_CODE', () => {
    const { html, press, actions } = render({ ...base, screen: 'scan' });
    expect(html).toContain('<span>Type the code instead</span>');
    expect(html).toContain('Type the code printed under the QR code.');
    expect(actions).toEqual(['help', 'cancel', 'enter-code']);
    expect(press('enter-code')).toEqual([{ type: 'ENTER_CODE' }]);
  });
});

describe('typing the code', () => {
  const typing: UiSnapshot = { ...base, screen: 'enter_code', codeEntry: { state: 'typing' } };

  it('shows OD-____-____ and a key for every digit and letter, plus delete', () => {
    const { html, actions } = render(typing);
    expect(html).toContain('data-code-display="">OD-____-____</span>');
    const keys = [...html.matchAll(/data-key="(\w+)"/g)].map((m) => m[1]);
    expect(keys).toEqual([...'1234567890', ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'delete']);
    expect(html).toMatch(/role="group" aria-label="Letter and number keys"/);
    expect(html).toContain('aria-label="Delete the last letter or number"');
    expect(actions).toEqual(['help', 'cancel', 'submit-code']);
    expect(html).toContain('It is printed under the QR code and starts with OD.');
  });

  it('types with the keypad’s own keys into a code the SUBMIT_CODE schema accepts', () => {
    const keypad = [...SHORT_CODE_DIGITS, ...SHORT_CODE_LETTERS];
    const press = (typed: string, key: string): string => {
      expect(keypad).toContain(key);
      return codeTyping(typed, { type: 'key', key });
    };
    let typed = '';
    for (const key of '7KQ29F3X') typed = press(typed, key);
    expect(shortCodeDisplay(typed)).toBe('OD-7KQ2-9F3X');
    // A wrong last character is deleted and typed again.
    typed = codeTyping(typed, { type: 'delete' });
    expect(shortCodeDisplay(typed)).toBe('OD-7KQ2-9F3_');
    expect(shortCodeOf(typed)).toBeNull();
    typed = press(typed, 'M');
    // Nothing goes in after the eighth character.
    expect(press(typed, '5')).toBe(typed);
    const code = shortCodeOf(typed);
    expect(code).toBe('OD-7KQ2-9F3M');
    expect(UiEvent.safeParse({ type: 'SUBMIT_CODE', code }).success).toBe(true);
  });

  it('takes only characters a code can hold', () => {
    const actions: CodeTypingAction[] = [
      { type: 'key', key: 'a' },
      { type: 'key', key: '-' },
      { type: 'key', key: 'AB' },
      { type: 'key', key: '' },
      { type: 'delete' },
    ];
    expect(actions.reduce(codeTyping, '')).toBe('');
    expect(shortCodeDisplay('7K')).toBe('OD-7K__-____');
    expect(shortCodeOf('7KQ29F3')).toBeNull();
    expect(shortCodeOf('7kq29f3m')).toBeNull();
  });

  it('wires every key of the keypad to the screen, and sends nothing until the code is whole', () => {
    const { press } = render(typing);
    expect(rendered.keypads).toHaveLength(1);
    expect(rendered.keypads[0]!.disabled).toBe(false);
    expect(() => rendered.keypads[0]!.onKey('7')).not.toThrow();
    expect(press('submit-code')).toEqual([]);
  });

  it('says it is checking the code, with the keys and the button shown but not pressable', () => {
    const { html } = render({ ...typing, codeEntry: { state: 'resolving' } });
    expect(html).toContain('data-code-state="resolving"');
    expect(html).toContain('Checking the code…');
    expect(rendered.keypads[0]!.disabled).toBe(true);
    expect(html).toMatch(/data-action="submit-code" disabled=""/);
  });

  it('says the code cannot be checked offline, and points to Help', () => {
    const { html, press } = render({ ...typing, codeEntry: { state: 'offline' } });
    expect(html).toContain(
      'The code cannot be checked now: the kiosk is offline. Please call the pharmacist.',
    );
    expect(html).toContain('Touch Help, and a pharmacist will call this health post.');
    expect(press('help')).toEqual([{ type: 'HELP' }]);
  });

  it('says the code was not found', () => {
    const { html } = render({ ...typing, codeEntry: { state: 'not_found' } });
    expect(html).toContain('data-code-state="not_found"');
    expect(html).toContain('We could not find this code.');
  });

  it('says too many codes were tried, and to wait or call', () => {
    const { html } = render({ ...typing, codeEntry: { state: 'too_many' } });
    expect(html).toContain('data-code-state="too_many"');
    expect(html).toContain('Too many codes were tried on this kiosk.');
    expect(html).toContain('Touch Help');
  });
});

describe('counselling (the confirm screen)', () => {
  it('says what amlodipine is for, how to take it and its warnings, each with a pictogram', () => {
    const { html, press, actions } = render({ ...base, screen: 'confirm', order: AMLODIPINE });
    expect(html).toContain('data-counselling="C08CA01"');
    expect(html).toContain('Amlodipine 5 mg tablets');
    expect(html).toContain('It lowers your blood pressure.');
    expect(html).toContain('Take one tablet each morning');
    expect(html).toContain('2 packs');
    expect(
      [...html.matchAll(/<svg class="pictogram"[^>]*data-pictogram="(\w+)"/g)].map((m) => m[1]),
    ).toEqual(['water', 'morning', 'drowsy', 'noAlcohol', 'noStop', 'children']);
    expect(html).toContain('Do you understand how to take it?');
    expect(html).toContain('<span>I understand</span>');
    expect(actions).toEqual(['help', 'cancel', 'confirm']);
    expect(press('confirm')).toEqual([{ type: 'CONFIRM' }]);
  });

  it('falls back to plain generic advice for a medicine the catalogue does not know', () => {
    const { html } = render({
      ...base,
      screen: 'confirm',
      order: { ...AMLODIPINE, medication: 'Metformin 500 mg', codes: ['A10BA02'] },
    });
    expect(html).toContain('data-counselling="generic"');
    expect(html).toContain(
      'Your prescriber chose this medicine for you. Take it as written below.',
    );
    expect(html).toContain('Keep all medicines out of the reach of children.');
    expect(html).not.toContain('It lowers your blood pressure');
  });

  it('finds the entry by any of the order’s codes, whatever their case', () => {
    expect(counsellingCode(['09506000134352', ' c08ca01 '])).toBe('C08CA01');
    expect(counsellingCode(['A10BA02'])).toBeNull();
    expect(counsellingCode(['__proto__', 'constructor'])).toBeNull();
    expect(counsellingCode(undefined)).toBeNull();
    expect(counsellingFor([]).entry).toBe('generic');
  });

  it.each(LANGUAGES)(
    '%s: every piece of advice is keyed by a pictogram that exists',
    (language) => {
      const texts = TEXTS[language] as typeof en;
      const sections = [
        texts.counselling.generic,
        ...Object.values(texts.counselling.medicines),
      ] as Array<{ how?: object; warnings?: object }>;
      for (const section of sections)
        for (const key of [
          ...Object.keys(section.how ?? {}),
          ...Object.keys(section.warnings ?? {}),
        ])
          expect(PICTOGRAM_IDS).toContain(key);
      expect(Object.keys(texts.counselling.medicines)).toEqual(COUNSELLING_CODES);
    },
  );

  it('draws every pictogram', () => {
    for (const id of PICTOGRAM_IDS) {
      const svg = renderToStaticMarkup(createElement(Pictogram, { id }));
      expect(svg).toContain(`data-pictogram="${id}"`);
      expect(svg).toContain('aria-hidden="true"');
      expect(svg.match(/<(path|circle|rect)\b/g)?.length ?? 0).toBeGreaterThan(1);
    }
  });
});

describe('help', () => {
  it.each([
    'scan',
    'enter_code',
    'verifying',
    'identify',
    'vitals',
    'confirm',
    'dispensing',
    'printing',
    'done',
    'refused',
  ] as const)('is on the %s screen and sends HELP', (screen) => {
    const { html, press } = render({ ...base, screen });
    expect(html).toMatch(
      /<button type="button" class="tool-button help-button" data-action="help">.*?<span>Help<\/span>/,
    );
    expect(html.match(/data-action="help"/g)).toHaveLength(1);
    expect(press('help')).toEqual([{ type: 'HELP' }]);
  });

  it.each(['attract', 'out_of_service'] as const)('is not on the %s screen', (screen) => {
    expect(render({ ...base, screen }).html).not.toContain('data-action="help"');
  });

  it('once asked for, says when the pharmacist will call, in a modal dialog whose Close sends CLOSE_HELP', () => {
    const { html, press } = render({
      ...base,
      screen: 'confirm',
      order: AMLODIPINE,
      help: { requested: true, callWithinMinutes: 15 },
    });
    expect(html).toMatch(
      /<dialog class="help-dialog" aria-modal="true" aria-labelledby="[^"]+" aria-describedby="[^"]+" data-dialog="help">/,
    );
    expect(html).toContain(
      'A pharmacist will call this health post within 15 minutes. You can carry on or wait here.',
    );
    expect(html).toContain('data-call-within-minutes="15"');
    expect(press('close-help')).toEqual([{ type: 'CLOSE_HELP' }]);
  });

  it('says the minutes in the patient’s language, plural included', () => {
    const said = (language: UiSnapshot['language'], minutes: number) =>
      render({
        ...base,
        language,
        screen: 'scan',
        help: { requested: true, callWithinMinutes: minutes },
      }).html;
    expect(said('en', 1)).toContain('within 1 minute.');
    expect(said('fr', 30)).toContain('d’ici 30 minutes.');
    expect(said('sw', 20)).toContain('ndani ya dakika 20.');
    expect(said('es', 1)).toContain('en menos de 1 minuto.');
  });

  it('is not shown when main says it is closed, nor on attract', () => {
    const closed = render({
      ...base,
      screen: 'scan',
      help: { requested: false, callWithinMinutes: 15 },
    });
    expect(closed.html).not.toContain('data-dialog="help"');
    const attract = render({
      ...base,
      screen: 'attract',
      help: { requested: true, callWithinMinutes: 15 },
    });
    expect(attract.html).not.toContain('data-dialog="help"');
  });
});

describe('refill', () => {
  const noFills: UiSnapshot = {
    ...base,
    screen: 'refused',
    refusal: { reason: 'no_fills_left', detail: '' },
  };

  it('offers to ask for a refill when main says one is available, which sends REQUEST_REFILL', () => {
    const { html, press, actions } = render({ ...noFills, refill: 'available' });
    expect(html).toContain('data-refill="available"');
    expect(html).toContain('<span>Ask for a refill</span>');
    expect(html).toContain('You can ask the pharmacist for a refill');
    expect(actions).toEqual(['help', 'finish', 'request-refill']);
    expect(press('request-refill')).toEqual([{ type: 'REQUEST_REFILL' }]);
  });

  it('says the request went once it is sent, with no second request', () => {
    const { html, actions } = render({ ...noFills, refill: 'requested' });
    expect(html).toContain(
      'Your refill request was sent to the pharmacist. Come back when they tell you it is ready.',
    );
    expect(actions).toEqual(['help', 'finish']);
  });

  it('offers nothing when main offers nothing', () => {
    const { html, actions } = render(noFills);
    expect(html).toContain('Ask your clinic or the pharmacist for a new prescription.');
    expect(actions).toEqual(['help', 'finish']);
  });
});

describe('a refusal after the health check', () => {
  const refused = (vitals: Partial<VitalsView> | undefined): UiSnapshot => ({
    ...base,
    screen: 'refused',
    refusal: { reason: 'vitals_required', detail: 'systolic 172 > 160' },
    ...(vitals && { vitals: { ...VIEW, ...vitals } }),
  });

  it('shows the reading and says the blood pressure is over the prescriber’s limit', () => {
    const { html, actions } = render(
      refused({
        outcome: 'out_of_range',
        readings: { bp: { systolic: 172, diastolic: 96 } },
        bpCategory: 'stage2',
        breaches: [{ limit: 'bpSystolicMax', value: 172, threshold: 160 }],
      }),
    );
    expect(html).toContain('data-vitals-verdict="bp_high"');
    expect(html).toContain('172/96 mmHg');
    expect(html).toContain('Your blood pressure is higher than your prescriber’s limit.');
    expect(html).toContain('Please talk to the pharmacist');
    expect(html).toContain('Touch Help');
    expect(html).not.toContain('systolic 172 > 160');
    expect(actions).toEqual(['help', 'finish']);
  });

  it.each(['could_not_measure', 'device_unavailable', 'device_fault', 'timed_out'] as const)(
    'says the measurement could not be taken (%s)',
    (outcome) => {
      const { html } = render(refused({ outcome }));
      expect(html).toContain('data-vitals-verdict="not_measured"');
      expect(html).toContain('The measurement could not be taken.');
    },
  );

  it('falls back to the reason’s own words without a vitals result', () => {
    const { html } = render(refused(undefined));
    expect(html).toContain(en.refusal.vitals_required.reason);
    expect(html).not.toContain('data-vitals-verdict');
  });
});

describe('the label', () => {
  const done = (label: UiSnapshot['label'], given = 2): UiSnapshot => ({
    ...base,
    screen: 'done',
    dispense: {
      requested: 2,
      given,
      packs: [0, 1].map((index) => ({
        index,
        state: index < given ? ('done' as const) : ('failed' as const),
      })),
    },
    ...(label && { label }),
  });

  it('printing: says the medicine is in the tray and the label is coming, with a printer picture', () => {
    const { html, actions } = render({ ...base, screen: 'printing' });
    expect(html).toContain('Printing your label');
    expect(html).toContain(
      'Your medicine is in the tray. Your label will come out of the printer.',
    );
    expect(html).toContain('<svg class="picture"');
    expect(actions).toEqual(['help']);
  });

  it('printed: tells the patient to take it; the dispensing words stay', () => {
    const { html } = render(done({ state: 'printed' }));
    expect(html).toContain('data-label="printed"');
    expect(html).toContain('Take your medicine from the tray');
    expect(html).toContain('Take your label too.');
  });

  it.each(['paper_out', 'cover_open', 'printer_unavailable'] as const)(
    'failed (%s): the medicine is in the tray, the label comes later',
    (problem) => {
      const { html } = render(done({ state: 'failed', problem }));
      expect(html).toContain('data-label="failed"');
      expect(html).toContain(`data-label-problem="${problem}"`);
      expect(html).toContain(
        'Your label could not be printed. Your medicine is in the tray. The label will be printed for you later — ask at the health post.',
      );
      expect(html).toContain('screen--warning');
    },
  );

  it('never says the medicine is in the tray when none came out', () => {
    const { html } = render(done({ state: 'failed', problem: 'paper_out' }, 0));
    expect(html).not.toContain('Your medicine is in the tray');
    expect(html).not.toContain('data-label=');
  });

  it('says nothing about a label main did not mention', () => {
    const { html } = render(done(undefined));
    expect(html).not.toContain('data-label');
    expect(html).not.toMatch(/your label/i);
  });
});
