import { KioskHarness } from '../e2e/harness/kiosk-harness';
import { LatencySamples } from './latency';
import type { ReportMeasure, ReportProgress } from './results';

/**
 * Touch → next frame in Chromium (issue 6, `ui.touch_to_frame.p95_ms`): the kiosk on web-host
 * with every simulator, exactly as the e2e tests run it, and a patient's touches on the main
 * screens — Start (attract → scan, a round trip through main), Cancel (scan → attract), a
 * language button, and keypad digits on the identify screen (drawn by the renderer alone). Each
 * sample runs from the pointerdown's event time to the first animation frame after the page
 * changed, measured inside the page so the test driver's own latency is not counted. The floor
 * is an empty frame: pointerdown → requestAnimationFrame with nothing changed.
 */
export const name = 'ui';

const ROUNDS = 40;
const P95_GOAL_MS = 100;

/** Installed in the page: records pointerdown → first frame after the next DOM change. */
const RECORDER = `(() => {
  window.__touchSamples = [];
  window.__emptySamples = [];
  document.addEventListener('pointerdown', (event) => {
    const t0 = event.timeStamp;
    const el = event.target instanceof Element ? event.target.closest('button') : null;
    const kind = el ? (el.getAttribute('data-action') || (el.hasAttribute('data-language') ? 'language' : el.className.includes('keypad') ? 'keypad' : 'other')) : 'none';
    if (window.__measureEmpty) {
      requestAnimationFrame((t) => window.__emptySamples.push(t - t0));
      return;
    }
    // The idle countdown ticks on its own once a second: its changes are not the touch's frame.
    const observer = new MutationObserver((records) => {
      const own = records.some((r) => {
        const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        return !node || !node.closest('.idle-countdown');
      });
      if (!own) return;
      observer.disconnect();
      requestAnimationFrame((t) => window.__touchSamples.push([kind, t - t0]));
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  }, { capture: true });
})()`;

export async function run(report: ReportMeasure, progress: ReportProgress): Promise<void> {
  progress('starting the simulators, the kiosk and Chromium');
  const kiosk = await KioskHarness.start();
  try {
    const page = kiosk.page;
    await page.evaluate(RECORDER);
    const click = async (selector: string, screen?: string) => {
      await page.locator(selector).first().click();
      if (screen) await kiosk.waitForScreen(screen as never);
    };
    for (let round = 0; round < ROUNDS; round += 1) {
      await click('[data-action="start"]', 'scan');
      await click('[data-action="cancel"]', 'attract');
      await click(`[data-language="${round % 2 ? 'en' : 'sw'}"]`);
      await page.locator(`html[lang="${round % 2 ? 'en' : 'sw'}"]`).waitFor();
      if (round % 10 === 9) progress(`${round + 1}/${ROUNDS} rounds of screen touches`);
    }
    // Keypad digits on the identify screen: a scan first, then digits and the eraser.
    await kiosk.scan(kiosk.demo.prescriptions.valid.qrText);
    await kiosk.waitForScreen('identify');
    const keypad = page.locator('.keypad');
    for (let i = 0; i < ROUNDS; i += 1) {
      await keypad.getByRole('button', { name: String(i % 10), exact: true }).click();
      await keypad.locator('.keypad__key--delete').first().click();
    }
    progress(`${ROUNDS} keypad digits`);
    await page.evaluate('window.__measureEmpty = true');
    for (let i = 0; i < ROUNDS; i += 1) await page.mouse.click(5, 5);
    await page.waitForTimeout(100);

    const touch = new LatencySamples();
    const empty = new LatencySamples();
    const byKind = new Map<string, LatencySamples>();
    for (const [kind, v] of await page.evaluate<[string, number][]>('window.__touchSamples')) {
      touch.add(v);
      if (!byKind.has(kind)) byKind.set(kind, new LatencySamples());
      byKind.get(kind)!.add(v);
    }
    for (const [kind, samples] of byKind)
      progress(`  ${kind}: ${samples.count} touches, p95 ${samples.percentile(95).toFixed(1)} ms`);
    for (const v of await page.evaluate<number[]>('window.__emptySamples')) empty.add(v);
    progress(
      `${touch.count} touches: p50 ${touch.percentile(50).toFixed(1)} ms, p95 ${touch.percentile(95).toFixed(1)} ms; empty frame p95 ${empty.percentile(95).toFixed(1)} ms`,
    );
    report({
      id: 'ui.touch_to_frame.p95_ms',
      value: touch.percentile(95),
      unit: 'ms',
      goal: P95_GOAL_MS,
      better: 'lower',
      floor: empty.percentile(95),
    });
  } finally {
    await kiosk.stop();
  }
}
