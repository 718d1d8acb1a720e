import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { UiEvent, UiSnapshot, VitalsView } from '../../contracts/bridge';
import { createI18n } from '../../renderer/i18n';
import { KioskView } from '../../renderer/KioskView';
import { dialAngle, dialPoint } from '../../renderer/vitals/dial-angle';
import { PLETH_WINDOW, plethPoints } from '../../renderer/vitals/pleth-points';
import { vitalsVerdict } from '../../renderer/vitals/vitals-verdict';
import { BP_INSTRUCTIONS } from '../fixtures/renderer/vitals-view';

// Records each BigButton as it renders, so a test can press it without a DOM.
const rendered = vi.hoisted(() => ({
  buttons: [] as Array<{ label: string; action?: string; onPress: () => void }>,
}));
vi.mock('../../renderer/components/BigButton', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../renderer/components/BigButton')>();
  return {
    BigButton: (props: Parameters<typeof actual.BigButton>[0]) => {
      rendered.buttons.push({ label: props.label, action: props.action, onPress: props.onPress });
      return actual.BigButton(props);
    },
  };
});

const VIEW: VitalsView = BP_INSTRUCTIONS;

const snapshot = (vitals: Partial<VitalsView>, extra: Partial<UiSnapshot> = {}): UiSnapshot => ({
  version: 1,
  screen: 'vitals',
  language: 'en',
  kioskName: 'Kisumu Health Post',
  devices: [],
  vitals: { ...VIEW, ...vitals },
  ...extra,
});

function render(snap: UiSnapshot): { html: string; press: (action: string) => UiEvent[] } {
  const sent: UiEvent[] = [];
  rendered.buttons = [];
  const html = renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n: createI18n(snap.language) },
      createElement(KioskView, { snapshot: snap, send: (event) => sent.push(event) }),
    ),
  );
  const buttons = [...rendered.buttons];
  return {
    html,
    press: (action) => {
      const button = buttons.find((b) => b.action === action);
      if (!button) throw new Error(`no button ${action} on the screen`);
      button.onPress();
      return sent;
    },
  };
}

const actionsOf = (html: string) => [...html.matchAll(/data-action="([\w-]+)"/g)].map((m) => m[1]);

describe('the pressure dial', () => {
  it.each([
    [0, -135],
    [150, 0],
    [300, 135],
    [75, -67.5],
    [200, 45],
    // Beyond the dial the needle rests at its ends.
    [-20, -135],
    [420, 135],
    [Number.NaN, -135],
  ])('%d mmHg stands the needle at %d°', (mmHg, degrees) => {
    expect(dialAngle(mmHg)).toBeCloseTo(degrees, 6);
  });

  it('places points clockwise from straight up', () => {
    const up = dialPoint(120, 120, 100, 0);
    const right = dialPoint(120, 120, 100, 90);
    expect(up.x).toBeCloseTo(120);
    expect(up.y).toBeCloseTo(20);
    expect(right.x).toBeCloseTo(220);
    expect(right.y).toBeCloseTo(120);
  });

  it('is drawn from the live pressure, with the value as its name and the cuff phase shown', () => {
    const { html } = render(
      snapshot({ phase: 'measuring', pressureMmHg: 142.4, cuffPhase: 'inflating' }),
    );
    expect(html).toContain('data-vitals-phase="measuring"');
    expect(html).toMatch(/<svg class="dial"[^>]*role="img" aria-label="Cuff pressure: 142 mmHg"/);
    const angle = Number(/class="dial__needle" data-angle="([-\d.]+)"/.exec(html)?.[1]);
    expect(angle).toBeCloseTo(dialAngle(142.4), 6);
    expect(html).toContain(`transform:rotate(${dialAngle(142.4)}deg)`);
    expect(html).toContain('data-phase="inflating"');
    expect(html).toContain('The cuff is filling with air. It will squeeze your arm.');
    expect(html).toContain('Keep still and do not talk.');
    // The tick labels are numbers in the patient's language.
    for (const tick of ['0', '50', '100', '150', '200', '250', '300'])
      expect(html).toContain(`class="dial__tick-label">${tick}</text>`);

    const deflating = render(
      snapshot({ phase: 'measuring', pressureMmHg: 96, cuffPhase: 'deflating' }),
    ).html;
    expect(deflating).toContain('data-phase="deflating"');
    expect(deflating).toContain('The cuff is letting the air out.');
    expect(deflating).toContain('aria-label="Cuff pressure: 96 mmHg"');
  });

  it('says the pressure in the patient’s language', () => {
    const { html } = render(
      snapshot(
        { phase: 'measuring', pressureMmHg: 1_250, cuffPhase: 'inflating' },
        { language: 'fr' },
      ),
    );
    expect(html).toContain('aria-label="Pression du brassard\u00a0: 1\u202f250 mmHg"');
  });
});

describe('the pleth wave', () => {
  it('puts the newest sample at the right edge, high values at the top', () => {
    const samples = [0, 255, 127.5];
    const step = 600 / (PLETH_WINDOW - 1);
    const points = plethPoints(samples, 600, 200)
      .split(' ')
      .map((p) => p.split(',').map(Number));
    expect(points).toHaveLength(3);
    expect(points[2]).toEqual([600, 100]);
    expect(points[1]![0]).toBeCloseTo(600 - step, 1);
    expect(points[1]![1]).toBe(0);
    expect(points[0]![0]).toBeCloseTo(600 - 2 * step, 1);
    expect(points[0]![1]).toBe(200);
  });

  it('spans the whole width with a full window, clamps bad samples, and draws nothing without any', () => {
    // Out-of-range samples alternate: 300 is drawn at the top (255), -5 at the bottom (0).
    const full = Array.from({ length: PLETH_WINDOW }, (_, i) => (i % 2 ? -5 : 300));
    const points = plethPoints(full, 600, 200).split(' ');
    expect(points).toHaveLength(PLETH_WINDOW);
    expect(points[0]).toBe('0,0');
    expect(points[1]!.endsWith(',200')).toBe(true);
    expect(points.at(-1)).toBe('600,0');
    // More samples than the window are squeezed in rather than drawn off the left edge.
    const many = plethPoints(
      Array.from({ length: 600 }, () => 100),
      600,
      200,
    ).split(' ');
    expect(many[0]!.startsWith('0,')).toBe(true);
    expect(plethPoints([], 600, 200)).toBe('');
  });

  it('is drawn from the snapshot’s samples as a polyline, with the hint as its name', () => {
    const pleth = [10, 200, 120, 40];
    const { html } = render(
      snapshot({ phase: 'measuring', measurement: 'spo2', hint: 'signalOk', pleth }),
    );
    expect(html).toContain(
      `<polyline class="pleth__line" points="${plethPoints(pleth, 600, 200)}"`,
    );
    expect(html).toContain('data-samples="4"');
    expect(html).toContain('aria-label="Your pulse wave: Good. Keep still."');
    expect(html).toContain('data-hint="signalOk"');
  });

  it.each([
    ['fingerOut', 'Your finger came out of the clip. Put it fully back in.'],
    ['movement', 'You moved. Please keep still and do not talk.'],
    ['artefact', 'The signal was lost. Keep your hand still and relaxed.'],
    ['searching', 'Looking for your pulse…'],
    ['signalOk', 'Good. Keep still.'],
    ['lowPerfusion', 'The signal is weak. Keep your hand warm and still.'],
  ] as const)('gives the %s hint in plain words', (hint, words) => {
    const { html } = render(snapshot({ phase: 'measuring', measurement: 'spo2', hint }));
    expect(html).toContain(words);
    expect(html).toContain(`data-hint="${hint}"`);
  });
});

describe('the vitals screen', () => {
  it('says it is getting the device ready', () => {
    expect(render(snapshot({ phase: 'connecting' })).html).toContain(
      'Getting the blood pressure cuff ready.',
    );
    expect(render(snapshot({ phase: 'connecting', measurement: 'spo2' })).html).toContain(
      'Getting the finger clip ready.',
    );
    expect(render(snapshot({ phase: 'connecting', measurement: null })).html).toContain(
      'Getting ready…',
    );
  });

  it('shows how to put on the cuff, with a picture, and Start sends START_MEASURE', () => {
    const { html, press } = render(snapshot({}));
    expect(html).toContain('data-measurement="bp"');
    expect(html).toContain('Put the cuff on your upper arm, at the level of your heart.');
    expect(html).toContain('Touch Start when the cuff is on.');
    expect(html).toContain('<svg class="picture"');
    expect(actionsOf(html)).toEqual(['help', 'cancel', 'start-measure']);
    expect(press('start-measure')).toEqual([{ type: 'START_MEASURE' }]);
  });

  it('shows how to use the finger clip, and after a retry what to fix', () => {
    const { html } = render(
      snapshot({ measurement: 'spo2', retryCause: 'fingerOut', attempt: 2, step: 1, steps: 2 }),
    );
    expect(html).toContain('Put one finger fully into the clip, nail facing up.');
    expect(html).toContain('data-retry-cause="fingerOut"');
    expect(html).toContain('Check 1 of 2');
  });

  it.each([
    ['movement', 'keep still'],
    ['cuffLoose', 'Wrap the cuff more tightly'],
    ['position', 'at the level of your heart'],
    ['weakSignal', 'We could not find your pulse'],
    ['timeout', 'took too long'],
    ['implausible', 'did not look right'],
    ['fingerOut', 'Put it fully back in'],
    ['artefact', 'The signal was lost'],
  ] as const)(
    'asks to try again after %s, in plain words, with the attempt count',
    (cause, words) => {
      const { html } = render(snapshot({ phase: 'retry', retryCause: cause, attempt: 2 }));
      expect(html).toContain('Let us try again');
      expect(html).toContain(words);
      expect(html).toContain('Try 2 of 3');
      expect(html).toContain('role="alert"');
      expect(actionsOf(html)).toEqual(['help', 'cancel']);
    },
  );

  it('says the cuff is letting the air out while it stops', () => {
    const { html } = render(snapshot({ phase: 'stopping' }));
    expect(html).toContain('The cuff is letting the air out. Please wait.');
  });

  it('shows the readings in range with the category on the scale, and Next sends CONFIRM', () => {
    const { html, press } = render(
      snapshot({
        phase: 'done',
        measurement: null,
        outcome: 'in_range',
        readings: {
          bp: { systolic: 128, diastolic: 82, pulse: 71 },
          spo2: { spo2: 97, pulse: 72, lowPerfusion: false },
        },
        bpCategory: 'stage1',
      }),
    );
    expect(html).toContain('data-vitals-verdict="in_range"');
    expect(html).toContain('128/82 mmHg');
    expect(html).toContain('97%');
    expect(html).toContain('71 a minute');
    expect(html).toContain('data-bp-category="stage1"');
    expect([...html.matchAll(/bp-scale__band--(\w+)/g)].map((m) => m[1])).toEqual([
      'low',
      'normal',
      'elevated',
      'stage1',
      'stage2',
      'crisis',
    ]);
    expect(html).toMatch(/bp-scale__band--stage1" aria-current="true"/);
    expect(html.match(/aria-current=/g)).toHaveLength(1);
    expect(html).toContain('Your result is within the limits your prescriber set.');
    expect(actionsOf(html)).toEqual(['help', 'cancel', 'confirm']);
    expect(press('confirm')).toEqual([{ type: 'CONFIRM' }]);
  });

  it('refers the patient when a reading is out of range, with no way on', () => {
    const { html } = render(
      snapshot({
        phase: 'done',
        outcome: 'out_of_range',
        readings: { bp: { systolic: 182, diastolic: 124 } },
        bpCategory: 'crisis',
        breaches: [{ limit: 'bpSystolicMax', value: 182, threshold: 160 }],
      }),
    );
    expect(html).toContain('data-vitals-verdict="bp_high"');
    expect(html).toContain(
      'Your blood pressure is higher than your prescriber’s limit. This medicine cannot be given today. Please talk to the pharmacist.',
    );
    expect(html).toContain('Please see a health worker today.');
    expect(html).toContain('Touch Help');
    expect(actionsOf(html)).toEqual(['help', 'cancel']);
  });

  it.each(['could_not_measure', 'device_unavailable', 'device_fault', 'timed_out'] as const)(
    'says the measurement could not be taken when the outcome is %s',
    (outcome) => {
      const { html } = render(snapshot({ phase: 'done', outcome }));
      expect(html).toContain('The measurement could not be taken.');
      expect(html).not.toContain('data-action="confirm"');
    },
  );

  it('renders without a vitals view (connecting)', () => {
    const { html } = render({ ...snapshot({}), vitals: undefined });
    expect(html).toContain('data-screen="vitals"');
    expect(html).toContain('Getting ready…');
  });
});

describe('the verdict of a vitals step', () => {
  const done = (extra: Partial<VitalsView>): VitalsView => ({ ...VIEW, phase: 'done', ...extra });
  it.each([
    [done({ outcome: 'in_range' }), 'in_range'],
    [
      done({
        outcome: 'out_of_range',
        breaches: [{ limit: 'bpDiastolicMax', value: 101, threshold: 100 }],
      }),
      'bp_high',
    ],
    [
      done({
        outcome: 'out_of_range',
        measurement: 'spo2',
        breaches: [{ limit: 'spo2Min', value: 88, threshold: 92 }],
      }),
      'spo2_low',
    ],
    [done({ outcome: 'out_of_range', measurement: 'spo2' }), 'spo2_low'],
    [done({ outcome: 'could_not_measure' }), 'not_measured'],
    [done({ outcome: 'device_unavailable' }), 'not_measured'],
    [done({ outcome: 'device_fault' }), 'not_measured'],
    [done({ outcome: 'timed_out' }), 'not_measured'],
    [done({ outcome: 'cancelled' }), 'cancelled'],
    [{ ...VIEW, phase: 'measuring' as const }, null],
    [undefined, null],
  ])('%#: %s', (view, verdict) => {
    expect(vitalsVerdict(view)).toBe(verdict);
  });
});
