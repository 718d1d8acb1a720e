import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language, type TechnicianView } from '../../contracts/bridge';
import { DISPENSE_OUTCOMES } from '../../contracts/journal-events';
import {
  DropSensorBoardError,
  DropSensorReason,
  type DispenserToolView,
} from '../../contracts/technician/dispenser';
import { DispenserPanel } from '../../renderer/technician/tools/dispenser/DispenserPanel';
import {
  renderTechnicianPanel,
  technicianPanelView,
} from '../fixtures/renderer/render-technician-panel';
import { idleToolsView } from '../fixtures/renderer/technician-tools';

/**
 * The dispenser tool's panel rendered in every language: each result in words (never a raw key,
 * never English on a Swahili screen), with its shape, and the thermometer named for screen
 * readers. The renderer is a pure view, so a view in gives the same markup out.
 */

const PACK = { gtin: '09506000134352', lot: 'AML-A1', expiry: '2027-06-30', serial: 'A1S0001' };

const panelView = (dispenser: Partial<DispenserToolView>): TechnicianView =>
  technicianPanelView({
    active: 'dispenser',
    dispenser: { ...idleToolsView().dispenser, ...dispenser },
  });

const render = (view: TechnicianView, language: Language = 'en') =>
  renderTechnicianPanel(DispenserPanel, view, language).html;

const FULL = panelView({
  slots: [
    { slot: 1, selection: 11, capacity: 8, count: 5, next: PACK },
    { slot: 4, selection: 14, capacity: 8, count: 0, next: null },
  ],
  rotation: {
    slot: 1,
    state: 'done',
    expected: PACK,
    intentSeq: 15,
    outcome: 'FAIL_JAM',
    statusCode: 3,
    packsRemoved: 0,
    refusal: null,
  },
  dropSensor: {
    state: 'blocked',
    reason: 'blocked_before_drive',
    slot: 1,
    statusCode: 8,
    board: { slot: 1, sensor: 'enabled', afterJam: 'keep' },
    boardError: null,
  },
  cabinet: { door: 'open', temperatureC: 31.5, setpointC: 22, temperatureControl: 'fault', at: 0 },
});

describe('dispenser panel', () => {
  it.each(LANGUAGES)('%s: says every result in words, with no raw key left', (language) => {
    const html = render(FULL, language);
    expect(html).not.toMatch(/technician\.tools\.dispenser/);
    expect(html).toContain('data-tool="dispenser"');
    expect(html).toContain('data-outcome="FAIL_JAM"');
    expect(html).toContain('data-drop-sensor="blocked"');
    expect(html).toContain('data-board-sensor="enabled"');
    expect(html).toContain('data-after-jam="keep"');
    expect(html).toContain('data-door="open"');
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-label="[^"]*31[.,]5/);
    expect(html).toContain('data-outside-band="true"');
    if (language !== 'en') {
      const english = render(FULL, 'en');
      const words = (h: string) => h.match(/data-outcome="FAIL_JAM"[\s\S]*?<\/span>/)?.[0];
      expect(words(html)).not.toBe(words(english));
    }
  });

  it('has words for every outcome a drive can end with', () => {
    for (const outcome of DISPENSE_OUTCOMES) {
      const html = render(
        panelView({
          slots: [],
          rotation: {
            slot: 2,
            state: 'done',
            expected: null,
            intentSeq: 9,
            outcome,
            statusCode: null,
            packsRemoved: 0,
            refusal: null,
          },
        }),
      );
      expect(html).not.toMatch(/technician\.tools\.dispenser/);
      expect(html).toContain(`data-outcome="${outcome}"`);
    }
  });

  it('a running rotate and a board that is not answering leave Rotate disabled', () => {
    const running = render(
      panelView({
        slots: [{ slot: 1, selection: 11, capacity: 8, count: 5, next: PACK }],
        rotation: {
          slot: 1,
          state: 'running',
          expected: PACK,
          intentSeq: 20,
          outcome: null,
          statusCode: null,
          packsRemoved: 0,
          refusal: null,
        },
      }),
    );
    expect(running).toContain('Rotating slot 1');
    expect(running).toMatch(/<button[^>]*data-action="dispenser-rotate"[^>]*disabled/);
    const down = render(panelView({ link: 'down' }));
    expect(down).toContain('role="alert"');
  });

  it.each(LANGUAGES)(
    '%s: has words for every drop-sensor reason, board setting and board error',
    (language) => {
      const views = [
        ...DropSensorReason.options.map((reason) => ({
          board: { slot: 1, sensor: 'unknown' as const, afterJam: 'unknown' as const },
          boardError: null,
          reason,
        })),
        ...DropSensorBoardError.options.map((boardError) => ({
          board: null,
          boardError,
          reason: 'saw_drop' as const,
        })),
        ...(['enabled', 'disabled'] as const).map((sensor) => ({
          board: { slot: 2, sensor, afterJam: 'stop' as const },
          boardError: null,
          reason: 'saw_drop' as const,
        })),
      ];
      for (const v of views) {
        const html = render(
          panelView({ dropSensor: { state: 'unknown', slot: 1, statusCode: null, ...v } }),
          language,
        );
        expect(html).not.toMatch(/technician\.tools\.dispenser/);
        expect(html).toContain(`data-reason="${v.reason}"`);
      }
      const checking = render(panelView({ dropSensorCheck: 'checking' }), language);
      expect(checking).toContain('data-drop-sensor-check="checking"');
      expect(checking).toMatch(
        /<button[^>]*data-action="dispenser-drop-sensor-check"[^>]*disabled/,
      );
    },
  );
});
