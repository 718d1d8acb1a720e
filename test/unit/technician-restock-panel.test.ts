import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../contracts/bridge';
import type { RestockEntryView, RestockToolView } from '../../contracts/technician/restock';
import { RESTOCK_REFUSAL_REASONS } from '../../main/inventory';
import { createI18n } from '../../renderer/i18n';
import { RestockPanel } from '../../renderer/technician/tools/restock/RestockPanel';
import {
  renderTechnicianPanel,
  technicianPanelView,
  textOf as text,
} from '../fixtures/renderer/render-technician-panel';

/**
 * The restock panel as a pure view of its snapshot, in every language: the count step cannot
 * show the expected number, a discrepancy is said, and every refusal has words of its own.
 */

const AML = '09506000134352';
const pack = (serial: string, lot = 'LOT1') => ({ gtin: AML, lot, expiry: '2027-05-01', serial });

const base: RestockToolView = {
  slots: [
    {
      slot: 1,
      capacity: 8,
      gtin: AML,
      medication: null,
      packs: null,
      toRemove: { expired: 0, recalled: 2, expiring_soon: 1 },
    },
  ],
  removal: [
    { slot: 1, pack: pack('A'), reason: 'recalled' },
    { slot: 1, pack: pack('B'), reason: 'expiring_soon' },
  ],
  visit: null,
  order: {
    orderId: 'O-1',
    createdBy: 'P-7',
    createdAt: Date.UTC(2026, 2, 1),
    note: 'bring two',
    lines: [
      { slot: 1, gtin: AML, medication: 'Amlodipine 5 mg', ordered: 4, loaded: 1, missing: 3 },
    ],
  },
  notice: null,
  busy: false,
};

const render = (restock: RestockToolView, language = 'en') =>
  renderTechnicianPanel(
    RestockPanel,
    technicianPanelView({ active: 'restock', restock }),
    language,
  );

describe('restock panel', () => {
  it.each(LANGUAGES)('%s: every text resolves (slots, removal list, order)', (language) => {
    const { html } = render(base, language);
    expect(html).not.toContain('technician.tools.restock');
    expect(html).toContain('data-restock-slot="1"');
    expect(html).toContain('data-removal-reason="recalled"');
    expect(html).toContain('data-missing="3"');
  });

  it('the count step shows a keypad and no number from the records', () => {
    const { html } = render({
      ...base,
      slots: [{ ...base.slots[0]!, packs: null }],
      visit: { slot: 1, step: 'count', count: null, entries: [], offList: null },
      notice: 'count_first',
    });
    expect(html).toContain('class="keypad"');
    expect(html).toContain('data-restock-notice="count_first"');
    expect(text(html)).not.toMatch(/records say|of 8 packs/);
  });

  it.each(LANGUAGES)(
    '%s: a discrepancy, each refusal and each removal outcome in words',
    (language) => {
      const entries: RestockEntryView[] = [
        ...RESTOCK_REFUSAL_REASONS.map((reason, i) => ({
          outcome: 'refused' as const,
          reason,
          detail: `detail ${reason}`,
          seq: i + 10,
        })),
        { outcome: 'added', pack: pack('N'), seq: 30 },
        { outcome: 'removed', pack: pack('A'), reason: 'recalled', seq: 31 },
        { outcome: 'not_removed', why: 'not_on_list' },
        { outcome: 'not_removed', why: 'not_in_slot' },
        { outcome: 'not_removed', why: 'bad_scan' },
      ];
      const { html } = render(
        {
          ...base,
          visit: {
            slot: 1,
            step: 'remove',
            count: { expected: 6, counted: 5 },
            entries,
            offList: pack('Z'),
          },
        },
        language,
      );
      expect(html).not.toContain('technician.tools.restock');
      expect(html).toContain('data-discrepancy="true"');
      const english = render({
        ...base,
        visit: {
          slot: 1,
          step: 'remove',
          count: { expected: 6, counted: 5 },
          entries,
          offList: null,
        },
      }).html;
      if (language === 'en') expect(text(english)).toMatch(/counted 5; the records say 6/);
      // Each refusal reason has its own sentence.
      const sentences = RESTOCK_REFUSAL_REASONS.map((reason) =>
        createI18n(language).t(`technician.tools.restock.refusal.${reason}`),
      );
      expect(new Set(sentences).size).toBe(RESTOCK_REFUSAL_REASONS.length);
      for (const sentence of sentences) expect(html).toContain(sentence.replace(/'/g, '&#x27;'));
      expect(html).toContain('data-action="restock-remove-damaged"');
    },
  );
});
