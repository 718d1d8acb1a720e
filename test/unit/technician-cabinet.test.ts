import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../contracts/clock';
import { LANGUAGES } from '../../contracts/bridge';
import {
  CABINET_CHART_MAX_POINTS,
  CabinetToolView,
  type CabinetToolEvent,
} from '../../contracts/technician/cabinet';
import type { ColdChain } from '../../main/cabinet/cold-chain';
import type { ColdChainState } from '../../main/cabinet/cold-chain-state';
import {
  addReading,
  emptyTemperatureSeries,
  SERIES_BUCKET_MS,
} from '../../main/cabinet/temperature-series';
import { SiteConfig } from '../../main/config/site-config';
import { createCabinetTool } from '../../main/technician/tools/cabinet/cabinet-tool';
import type { TechnicianToolContext } from '../../main/technician/tools/technician-tool';
import { CabinetPanel } from '../../renderer/technician/tools/cabinet/CabinetPanel';
import {
  renderTechnicianPanel,
  technicianPanelView,
} from '../fixtures/renderer/render-technician-panel';
import { idleToolsView } from '../fixtures/renderer/technician-tools';

/**
 * The cabinet tool (issue 9 item 7): its view is the cold chain's, bounded for the snapshot, and
 * the panel draws it as an accessible chart with the excursions and blocks listed as text.
 */

const HOUR = 3_600_000;
const clock = createManualClock();
const now = clock.now();
const who = { technicianId: 'T-1', badgeId: 'B-1', name: 'Tech', roles: [] };

function coldChain(): ColdChain {
  let series = emptyTemperatureSeries();
  for (let t = now - 8 * 24 * HOUR; t <= now; t += SERIES_BUCKET_MS)
    series = addReading(series, t, t > now - 30 * HOUR && t < now - 28 * HOUR ? 29 : 21);
  const state: ColdChainState = {
    excursions: [
      // Ended 3 days ago: in the 7-day range only.
      {
        seq: 10,
        startedAt: now - 80 * HOUR,
        endedAt: now - 72 * HOUR,
        peakC: 12,
        minC: 15,
        maxC: 25,
      },
      {
        seq: 20,
        startedAt: now - 30 * HOUR,
        endedAt: now - 28 * HOUR,
        peakC: 29,
        minC: 15,
        maxC: 25,
      },
      { seq: 30, startedAt: now - HOUR, endedAt: null, peakC: 27.5, minC: 15, maxC: 25 },
    ],
    blocks: { '2': { excursionSeq: 30, gtins: ['09506000134352'], blockedAt: now - HOUR } },
  };
  return {
    state,
    series,
    latest: () => ({
      at: now,
      reading: { temperatureC: 27.5, setpointC: 20, door: 'open', temperatureControl: 'ok' },
    }),
    blockedSlots: () => [2],
    mustRecord: () => false,
    noteReading: () => {},
    onChange: () => () => {},
    settled: async () => {},
    close: async () => {},
  };
}

function tool() {
  let changes = 0;
  const context = {
    clock,
    site: () => SiteConfig.parse({ kioskId: 'k', siteId: 's' }),
    coldChain: coldChain(),
    changed: () => changes++,
  } as unknown as TechnicianToolContext;
  return { tool: createCabinetTool(context), changes: () => changes };
}

describe('cabinet tool', () => {
  it('shows 24 hours by default, a bounded chart, excursions in range, blocks', () => {
    const { tool: cabinet } = tool();
    const view = CabinetToolView.parse(cabinet.view());
    expect(view.range).toBe('24h');
    expect(view.points.length).toBeLessThanOrEqual(CABINET_CHART_MAX_POINTS + 1);
    expect(view.points.length).toBeGreaterThan(250);
    expect(view.points.every((p) => p.t >= now - 24 * HOUR && p.t <= now)).toBe(true);
    expect(view.excursions.map((e) => e.seq)).toEqual([30]);
    expect(view.blocks).toEqual([
      {
        slot: 2,
        excursionSeq: 30,
        excursionStartedAt: now - HOUR,
        gtins: ['09506000134352'],
        blockedAt: now - HOUR,
      },
    ]);
    expect(view.current).toMatchObject({ temperatureC: 27.5, door: 'open' });
  });

  it("switches to 7 days on the technician's ask, and back to 24 hours when they leave", () => {
    const { tool: cabinet, changes } = tool();
    cabinet.handle({ type: 'TECH_CABINET_RANGE', range: '7d' } satisfies CabinetToolEvent, who);
    expect(changes()).toBe(1);
    const view = CabinetToolView.parse(cabinet.view());
    expect(view.range).toBe('7d');
    expect(view.points.length).toBeLessThanOrEqual(CABINET_CHART_MAX_POINTS + 1);
    expect(Math.max(...view.points.map((p) => p.maxC ?? 0))).toBe(29);
    expect(view.excursions.map((e) => e.seq)).toEqual([30, 20, 10]);
    cabinet.reset?.();
    expect(cabinet.view().range).toBe('24h');
  });
});

describe('cabinet panel', () => {
  const render = (cabinet: CabinetToolView, language: (typeof LANGUAGES)[number] = 'en') =>
    renderTechnicianPanel(
      CabinetPanel,
      technicianPanelView({ active: 'cabinet', cabinet }),
      language,
    ).html;

  it('draws an accessible chart and lists the excursion and the blocked slot as text', () => {
    const html = render(CabinetToolView.parse(tool().tool.view()));
    expect(html).toMatch(
      /<svg[^>]*role="img"[^>]*aria-label="Cabinet temperature, Last 24 hours\. Allowed band 15 to 25 °C\. Now: 27\.5 °C, Too warm: above the allowed band\./,
    );
    expect(html).toContain('data-excursion="30"');
    expect(html).toMatch(/data-ongoing="true"[^]*Ongoing/);
    expect(html).toMatch(/data-blocked-slot="2"[^]*Waiting for pharmacist release/);
    expect(html).toContain('data-door="open"');
    expect(html).not.toMatch(/<button[^>]*>[^<]*release/i);
  });

  it.each(LANGUAGES)('speaks %s, with no English left over in the blocked slot', (language) => {
    const html = render(CabinetToolView.parse(tool().tool.view()), language);
    if (language !== 'en') expect(html).not.toContain('Waiting for pharmacist release');
    expect(html).toContain('data-blocked-slot="2"');
  });

  it('says when there is no reading yet and no block', () => {
    const html = render(idleToolsView().cabinet);
    expect(html).toContain('data-cabinet-now="none"');
    expect(html).toContain('data-no-blocks');
  });
});
