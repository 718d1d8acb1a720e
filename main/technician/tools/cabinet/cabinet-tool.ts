import {
  CABINET_CHART_MAX_POINTS,
  CABINET_RANGE_MS,
  type CabinetRange,
  type CabinetToolEvent,
  type CabinetToolView,
} from '../../../../contracts/technician/cabinet';
import type { ColdChain } from '../../../cabinet/cold-chain';
import { downsample } from '../../../cabinet/temperature-series';
import type { TechnicianTool, TechnicianToolContext } from '../technician-tool';

/**
 * The panel's cabinet tool (issue 9 item 7): the cabinet's temperature over the last 24 hours or
 * 7 days against the site's band, the excursions and the blocked slots, all from the cold chain's
 * journal-derived views (never a read of the journal per snapshot). It only shows: a block is
 * lifted by a pharmacist's signed release, not on the kiosk.
 */
export function createCabinetTool(
  context: TechnicianToolContext,
): TechnicianTool<CabinetToolView, CabinetToolEvent> {
  let range: CabinetRange = '24h';
  const unsubscribe = context.coldChain?.onChange(() => context.changed()) ?? (() => {});

  return {
    eventTypes: ['TECH_CABINET_RANGE'],
    view: () => cabinetView(context, range),
    handle(event) {
      if (event.type !== 'TECH_CABINET_RANGE' || event.range === range) return;
      range = event.range;
      context.changed();
    },
    reset() {
      range = '24h';
    },
    stop() {
      unsubscribe();
    },
  };
}

export function cabinetView(context: TechnicianToolContext, range: CabinetRange): CabinetToolView {
  const now = context.clock.now();
  const band = context.site().temperatureBandC;
  const coldChain: ColdChain | undefined = context.coldChain;
  const from = now - CABINET_RANGE_MS[range];
  if (!coldChain)
    return {
      range,
      now,
      band: { minC: band.min, maxC: band.max },
      current: null,
      points: [],
      excursions: [],
      blocks: [],
    };
  const latest = coldChain.latest();
  const { excursions, blocks } = coldChain.state;
  const startOf = new Map(excursions.map((e) => [e.seq, e.startedAt]));
  return {
    range,
    now,
    band: { minC: band.min, maxC: band.max },
    current: latest ? { at: latest.at, ...latest.reading } : null,
    points: downsample(coldChain.series.points, from, now, CABINET_CHART_MAX_POINTS),
    excursions: excursions
      .filter((e) => (e.endedAt ?? now) >= from)
      .map(({ seq, startedAt, endedAt, peakC }) => ({ seq, startedAt, endedAt, peakC }))
      .reverse(),
    blocks: Object.entries(blocks)
      .map(([slot, block]) => ({
        slot: Number(slot),
        excursionSeq: block.excursionSeq,
        excursionStartedAt: startOf.get(block.excursionSeq) ?? null,
        gtins: block.gtins,
        blockedAt: block.blockedAt,
      }))
      .sort((a, b) => a.slot - b.slot),
  };
}
