import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../contracts/bridge';
import { KioskHarness, type SnapshotGate } from './harness/kiosk-harness';

/**
 * WCAG 2.2 AA on every screen the simulators can reach, in every language, in the standard,
 * high-contrast and low-position layouts: axe-core finds no violation (all its rules, best
 * practices included), every button is at least 48 × 48 px and on screen, and in the low-position
 * layout every button is in the lower half. A screenshot of each is kept in
 * test-results/screenshots/ for a person to look at.
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
    await kiosk.waitForScreen('confirm');
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
