import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LANGUAGES, type Language, type UiSnapshot, type VitalsView } from '../../contracts/bridge';
import { KioskHarness, type SnapshotGate } from './harness/kiosk-harness';
import { BP_INSTRUCTIONS } from '../fixtures/renderer/vitals-view';

/**
 * WCAG 2.2 AA on every screen the simulators can reach and on every state of counselling, the
 * health check, code entry, the label, refills and help (drawn through the snapshot gate), in
 * every language, in the standard, high-contrast and low-position layouts: axe-core finds no
 * violation (all its rules, best practices included), every button is at least 48 × 48 px and on
 * screen, and in the low-position layout every button is in the lower half. A screenshot of each
 * is kept in test-results/screenshots/ for a person to look at.
 */

const MODES = ['standard', 'contrast', 'low'] as const;
type Mode = (typeof MODES)[number];
const MIN_TARGET_PX = 48;

let kiosk: KioskHarness;
let gate: SnapshotGate;

async function setMode(mode: Mode): Promise<void> {
  const view = kiosk.page.locator('.kiosk[data-contrast]');
  const want = {
    contrast: mode === 'contrast' ? 'high' : 'normal',
    layout: mode === 'low' ? 'low' : 'standard',
  };
  if ((await view.getAttribute('data-contrast')) !== want.contrast)
    await kiosk.page.locator('[data-tool="contrast"]').click();
  if ((await view.getAttribute('data-layout')) !== want.layout)
    await kiosk.page.locator('[data-tool="low"]').click();
  await kiosk.page
    .locator(`.kiosk[data-contrast="${want.contrast}"][data-layout="${want.layout}"]`)
    .waitFor();
}

interface Box {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Every button the patient can touch now (inside an open dialog only, when one is open). */
async function buttonBoxes(): Promise<{
  boxes: Box[];
  viewport: { width: number; height: number };
}> {
  return kiosk.page.evaluate(() => {
    const dialog = document.querySelector('dialog[open]');
    const scope = dialog ?? document;
    const boxes = [...scope.querySelectorAll('button')]
      .filter((b) => b.getClientRects().length > 0)
      .map((b) => {
        const r = b.getBoundingClientRect();
        const name =
          b.getAttribute('data-tool') ??
          b.getAttribute('data-action') ??
          b.getAttribute('data-language') ??
          b.textContent ??
          '';
        return { name, x: r.x, y: r.y, width: r.width, height: r.height };
      });
    return { boxes, viewport: { width: window.innerWidth, height: window.innerHeight } };
  });
}

/**
 * axe, target sizes, positions and a screenshot, in each of the three layouts. `open`/`close`
 * show and hide an overlay around each check: a modal dialog keeps the settings bar out of reach,
 * so the layout is switched with the overlay closed.
 */
async function checkScreen(
  label: string,
  language: Language,
  overlay?: { open: () => Promise<void>; close: () => Promise<void> },
): Promise<void> {
  for (const mode of MODES) {
    await setMode(mode);
    await overlay?.open();
    // Legacy mode runs axe in the page itself instead of finishing in a second, blank page: the
    // kiosk has no frames for that to matter, and it halves the time of 120 analyses.
    const results = await new AxeBuilder({ page: kiosk.page }).setLegacyMode().analyze();
    const violations = results.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      where: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
    expect({ label, language, mode, violations }).toEqual({
      label,
      language,
      mode,
      violations: [],
    });

    const { boxes, viewport } = await buttonBoxes();
    expect(boxes.length).toBeGreaterThan(0);
    const small = boxes.filter((b) => b.width < MIN_TARGET_PX || b.height < MIN_TARGET_PX);
    expect({ label, language, mode, small }).toEqual({ label, language, mode, small: [] });
    const offScreen = boxes.filter(
      (b) =>
        b.x < 0 ||
        b.y < 0 ||
        b.x + b.width > viewport.width + 0.5 ||
        b.y + b.height > viewport.height + 0.5,
    );
    expect({ label, language, mode, offScreen }).toEqual({ label, language, mode, offScreen: [] });
    if (mode === 'low') {
      const high = boxes.filter((b) => b.y < viewport.height / 2);
      expect({ label, language, mode, aboveTheMiddle: high }).toEqual({
        label,
        language,
        mode,
        aboveTheMiddle: [],
      });
    }
    await kiosk.screenshot(`a11y-${language}-${label}-${mode}`);
    await overlay?.close();
  }
  await setMode('standard');
}

/** A touch anywhere (ACTIVITY): main answers with a new snapshot, which the gate edits on its way. */
async function nudge(): Promise<void> {
  await kiosk.page.evaluate(() => window.dispatchEvent(new PointerEvent('pointerdown')));
}

/** The session's fields of a snapshot: a drawn state sets its own and none of the real ones. */
const SESSION_FIELDS = [
  'order',
  'vitals',
  'help',
  'refill',
  'label',
  'codeEntry',
  'refusal',
  'dispense',
  'identify',
] as const satisfies readonly (keyof UiSnapshot)[];

type DrawnFields = Pick<UiSnapshot, 'screen'> & Partial<UiSnapshot>;

/**
 * A state drawn from the scan screen's real snapshot: its session fields are replaced by these
 * (version, kiosk name, devices and idle deadline stay main's), and the language is the test's.
 */
interface DrawnState {
  label: string;
  /** The hooks that show this state, and not the one drawn before it, is on the page. */
  shows: string;
  fields: DrawnFields;
  /** Checked with the help dialog open over it (opened and closed around each layout). */
  helpDialog?: boolean;
}

async function draw(fields: DrawnFields, language: Language, shows: string): Promise<void> {
  gate.rewrite((snapshot) => {
    for (const field of SESSION_FIELDS) delete snapshot[field];
    Object.assign(snapshot, structuredClone(fields), { language });
  });
  await nudge();
  await kiosk.page.locator(`html[lang="${language}"] ${shows}`).first().waitFor();
}

const ORDER: NonNullable<UiSnapshot['order']> = {
  medication: 'Amlodipine 5 mg tablets',
  dose: 'One tablet every morning',
  packs: 2,
  codes: ['C08CA01'],
};
const DISPENSED: NonNullable<UiSnapshot['dispense']> = {
  packs: [
    { index: 0, state: 'done', outcome: 'SUCCESS' },
    { index: 1, state: 'done', outcome: 'SUCCESS' },
  ],
  given: 2,
  requested: 2,
};
const HELP_MINUTES = 15;

const VITALS_START: VitalsView = { ...BP_INSTRUCTIONS, steps: 2 };
/** 3 s of a pulse wave at 75 Hz (main's window), about 72 beats a minute. */
const PLETH = Array.from({ length: 225 }, (_, i) =>
  Math.round(128 + 90 * Math.sin((2 * Math.PI * i) / 62) ** 3),
);
const vitals = (view: Partial<VitalsView>): DrawnFields => ({
  screen: 'vitals',
  order: ORDER,
  vitals: { ...VITALS_START, ...view },
});

/** Every state of the patient's screens that the simulators cannot be made to hold still. */
const DRAWN_STATES: DrawnState[] = [
  {
    label: 'counselling-amlodipine',
    shows: '[data-screen="confirm"][data-counselling="C08CA01"]',
    fields: { screen: 'confirm', order: ORDER },
  },
  {
    label: 'counselling-generic',
    shows: '[data-screen="confirm"][data-counselling="generic"]',
    fields: { screen: 'confirm', order: { ...ORDER, medication: 'Metformin 500 mg', codes: [] } },
  },
  {
    label: 'vitals-bp-instructions',
    shows: '[data-vitals-phase="instructions"][data-measurement="bp"]',
    fields: vitals({}),
  },
  {
    label: 'vitals-bp-measuring',
    shows: '[data-vitals-phase="measuring"][data-measurement="bp"] [data-cuff-phase="inflating"]',
    fields: vitals({ phase: 'measuring', pressureMmHg: 142, cuffPhase: 'inflating' }),
  },
  {
    label: 'vitals-spo2-finger-out',
    shows: '[data-vitals-phase="measuring"][data-measurement="spo2"] [data-hint="fingerOut"]',
    fields: vitals({
      phase: 'measuring',
      measurement: 'spo2',
      step: 2,
      hint: 'fingerOut',
      pleth: PLETH,
    }),
  },
  {
    label: 'vitals-retry-movement',
    shows: '[data-vitals-phase="retry"] [data-retry-cause="movement"] [data-attempt="2"]',
    fields: vitals({ phase: 'retry', attempt: 2, retryCause: 'movement' }),
  },
  {
    label: 'vitals-done-in-range',
    shows: '[data-screen="vitals"][data-vitals-verdict="in_range"] [data-bp-category="elevated"]',
    fields: vitals({
      phase: 'done',
      step: 2,
      readings: {
        bp: { systolic: 128, diastolic: 78, pulse: 72 },
        spo2: { spo2: 97, pulse: 72, lowPerfusion: false },
      },
      bpCategory: 'elevated',
      outcome: 'in_range',
    }),
  },
  {
    label: 'refused-vitals-bp-high',
    shows: '[data-screen="refused"][data-vitals-verdict="bp_high"] [data-reading="bp"]',
    fields: {
      screen: 'refused',
      order: ORDER,
      refusal: { reason: 'vitals_required', detail: 'bpSystolicMax 182 > 160' },
      vitals: {
        ...VITALS_START,
        phase: 'done',
        readings: { bp: { systolic: 182, diastolic: 104, pulse: 88 } },
        bpCategory: 'crisis',
        outcome: 'out_of_range',
        breaches: [{ limit: 'bpSystolicMax', value: 182, threshold: 160 }],
      },
    },
  },
  {
    label: 'refused-refill-available',
    shows: '[data-screen="refused"][data-refill="available"]',
    fields: {
      screen: 'refused',
      refusal: { reason: 'no_fills_left', detail: 'fill 3 of 3 given' },
      refill: 'available',
    },
  },
  {
    label: 'refused-refill-requested',
    shows: '[data-screen="refused"][data-refill="requested"]',
    fields: {
      screen: 'refused',
      refusal: { reason: 'no_fills_left', detail: 'fill 3 of 3 given' },
      refill: 'requested',
    },
  },
  ...(['typing', 'offline', 'not_found'] as const).map((state): DrawnState => ({
    label: `enter-code-${state}`,
    shows: `[data-screen="enter_code"][data-code-state="${state}"]`,
    fields: { screen: 'enter_code', codeEntry: { state } },
  })),
  {
    label: 'printing',
    shows: '[data-screen="printing"]',
    fields: { screen: 'printing', order: ORDER, dispense: DISPENSED },
  },
  {
    label: 'done-label-printed',
    shows: '[data-screen="done"][data-label="printed"]',
    fields: { screen: 'done', order: ORDER, dispense: DISPENSED, label: { state: 'printed' } },
  },
  {
    label: 'done-label-failed',
    shows: '[data-screen="done"][data-label="failed"][data-label-problem="paper_out"]',
    fields: {
      screen: 'done',
      order: ORDER,
      dispense: DISPENSED,
      label: { state: 'failed', problem: 'paper_out' },
    },
  },
  {
    label: 'help-dialog',
    shows: '[data-screen="identify"]',
    fields: {
      screen: 'identify',
      order: ORDER,
      identify: { attemptsLeft: 5, lastWrong: false },
      help: { requested: false, callWithinMinutes: HELP_MINUTES },
    },
    helpDialog: true,
  },
];

async function checkDrawnState(state: DrawnState, language: Language): Promise<void> {
  await draw(state.fields, language, state.shows);
  if (!state.helpDialog) return checkScreen(state.label, language);
  // Main owns the help message (`help.requested`): it is drawn open and closed like the rest.
  const withHelp = (requested: boolean): DrawnFields => ({
    ...state.fields,
    help: { requested, callWithinMinutes: HELP_MINUTES },
  });
  await checkScreen(state.label, language, {
    open: () => draw(withHelp(true), language, 'dialog[open][data-dialog="help"]'),
    close: async () => {
      await draw(withHelp(false), language, state.shows);
      await kiosk.page.locator('dialog[data-dialog="help"]').waitFor({ state: 'detached' });
    },
  });
}

async function chooseLanguage(language: Language): Promise<void> {
  await kiosk.waitForScreen('attract');
  await kiosk.page.locator(`[data-language="${language}"]`).click();
  await kiosk.page.locator(`html[lang="${language}"]`).waitFor();
}

describe('accessibility (axe-core, WCAG 2.2 AA) on every screen, language and layout', () => {
  beforeAll(async () => {
    kiosk = await KioskHarness.start();
    gate = await kiosk.gateSnapshots();
  });
  beforeEach(async () => {
    // After a failed test, start the next one from attract rather than fail it too.
    gate.release();
    gate.rewrite(null);
    const leave = kiosk.page.locator(
      '[data-action="cancel"], [data-action="finish"], dialog[open] [data-tool="close"]',
    );
    while (
      (await kiosk.page
        .locator('[data-screen="attract"], [data-screen="out_of_service"]')
        .count()) === 0
    ) {
      if ((await leave.count()) > 0) await leave.first().click();
      else
        await kiosk.page.locator('[data-screen="done"], [data-screen="attract"]').first().waitFor();
    }
  });
  afterAll(async () => {
    await kiosk?.stop();
  });

  it.each(LANGUAGES)('%s: every screen of a refusal and of a dispense', async (language) => {
    // attract, then scan and the language dialog.
    await chooseLanguage(language);
    await checkScreen('attract', language);
    await kiosk.page.locator('[data-action="start"]').click();
    await kiosk.waitForScreen('scan');
    await checkScreen('scan', language);
    await checkScreen('language-dialog', language, {
      open: async () => {
        await kiosk.page.locator('[data-tool="language"]').click();
        await kiosk.page.locator('dialog[open][data-dialog="language"]').waitFor();
      },
      close: async () => {
        await kiosk.page.locator('dialog[open] [data-tool="close"]').click();
        await kiosk.page.locator('dialog[data-dialog="language"]').waitFor({ state: 'detached' });
      },
    });

    // A refusal: verifying is held on screen while axe looks at it.
    await gate.quiet();
    gate.holdAt('verifying');
    await kiosk.scan(kiosk.demo.prescriptions.badSignature.qrText);
    await kiosk.waitForScreen('verifying');
    await checkScreen('verifying', language);
    gate.release();
    await kiosk.waitForScreen('refused');
    await checkScreen('refused', language);
    await kiosk.page.locator('[data-action="finish"]').click();

    // A dispense, with one wrong date of birth on the way.
    await chooseLanguage(language);
    const [rx] = kiosk.demo.fresh();
    await kiosk.scan(rx!.qrText);
    await kiosk.waitForScreen('identify');
    await checkScreen('identify', language);
    await kiosk.identifyAnyLanguage('1901-01-01', '000000');
    await kiosk.page.locator('[data-screen="identify"] [data-attempts-left]').waitFor();
    await checkScreen('identify-wrong', language);
    await kiosk.identifyAnyLanguage();
    // The demo's amlodipine: its own counselling, not the generic text.
    await kiosk.page.locator('[data-screen="confirm"][data-counselling="C08CA01"]').waitFor();
    await checkScreen('confirm', language);
    gate.holdAt('dispensing');
    await kiosk.page.locator('[data-action="confirm"]').click();
    await kiosk.waitForScreen('dispensing');
    await checkScreen('dispensing', language);
    gate.release();
    await kiosk.waitForScreen('done', 60_000);
    await checkScreen('done', language);
    await kiosk.page.locator('[data-action="finish"]').click();
    await kiosk.waitForScreen('attract');
  });

  it.each(LANGUAGES)(
    '%s: counselling, the health check, code entry, refusals with readings or a refill, the label and help',
    async (language) => {
      // These states need a blood-pressure monitor, an oximeter, a hub, a printer or a pharmacist
      // to reach for real; the renderer is a pure view of its snapshot, so they are drawn instead:
      // the kiosk waits on the scan screen and the gate replaces what it sends (draw()).
      await chooseLanguage(language);
      await kiosk.page.locator('[data-action="start"]').click();
      await kiosk.waitForScreen('scan');
      try {
        for (const state of DRAWN_STATES) await checkDrawnState(state, language);
      } finally {
        // Main's own snapshot back on the page before anything is pressed: a Cancel pressed on a
        // drawn screen would reach main all the same.
        gate.rewrite(null);
        await nudge();
        await kiosk.page.locator('[data-screen="scan"], [data-screen="attract"]').first().waitFor();
      }
      await kiosk.page.locator('[data-action="cancel"]').click();
      await kiosk.waitForScreen('attract');
    },
  );

  it('a landscape panel (1280 × 800): attract and the keypad, in every layout', async () => {
    await kiosk.page.setViewportSize({ width: 1280, height: 800 });
    try {
      await chooseLanguage('sw');
      await checkScreen('landscape-attract', 'sw');
      const [rx] = kiosk.demo.fresh();
      await kiosk.scan(rx!.qrText);
      await kiosk.waitForScreen('identify');
      await checkScreen('landscape-identify', 'sw');
      await kiosk.page.locator('[data-action="cancel"]').click();
      await kiosk.waitForScreen('attract');
    } finally {
      await kiosk.page.setViewportSize({ width: 1080, height: 1920 });
    }
  });

  it('out of service (a broken journal), in every language', async () => {
    await kiosk.restartWithBrokenJournal();
    for (const language of LANGUAGES) {
      // An out-of-service kiosk takes no events, so it cannot be asked for another language;
      // the snapshot's language is set on its way to the page to check the screen in each.
      gate.rewrite((snapshot) => {
        snapshot.language = language;
      });
      await kiosk.page.reload();
      await kiosk.waitForScreen('out_of_service');
      await kiosk.page.locator(`html[lang="${language}"]`).waitFor();
      await checkScreen('out_of_service', language);
    }
    gate.rewrite(null);
  });
});
