import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Follows a link of the console's navigation and waits for its page. */
export async function goToConsolePage(page: Page, label: string, pageName: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Console pages' })
    .getByRole('link', { name: label })
    .click();
  await page.locator(`main[data-page="${pageName}"]`).waitFor();
}

/** Touch targets (WCAG 2.2 2.5.8): every visible control of the console at least 24 × 24 px. */
export const MIN_TARGET_PX = 24;

/**
 * What every page of the pharmacist console is held to: axe-core finds no violation, and no
 * visible control is smaller than MIN_TARGET_PX. `name` says which page failed.
 */
export async function expectConsolePageUsable(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).setLegacyMode().analyze();
  const violations = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    where: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
  }));
  expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  const small = await page.evaluate((min) => {
    const controls = [
      ...document.querySelectorAll('button, input, select, textarea, a[href], summary'),
    ];
    return controls
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => ({
        what: `${el.tagName.toLowerCase()} ${el.textContent?.trim().slice(0, 30) ?? ''}`,
        r: el.getBoundingClientRect(),
      }))
      .filter(({ r }) => r.width < min || r.height < min)
      .map(({ what, r }) => `${what} ${Math.round(r.width)}×${Math.round(r.height)}`);
  }, MIN_TARGET_PX);
  expect({ page: name, small }).toEqual({ page: name, small: [] });
}
