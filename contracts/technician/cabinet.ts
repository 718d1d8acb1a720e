import { z } from 'zod';

/**
 * The technician panel's cabinet tool (issue 9 item 7): what main shows (`CabinetToolView`, part
 * of the snapshot's technician view) and what the renderer may ask (`CabinetToolEvents`, each a
 * `TECH_` UiEvent). The cabinet's temperature over the chosen range (downsampled by main, at most
 * `CABINET_CHART_MAX_POINTS`), the site's band, the excursions and the slots blocked until a
 * pharmacist releases them. The technician only sees blocks: releasing is the pharmacist's, from
 * the hub. No patient data, no PIN, no token text.
 */

export const CABINET_RANGES = ['24h', '7d'] as const;
export const CabinetRange = z.enum(CABINET_RANGES);
export type CabinetRange = z.infer<typeof CabinetRange>;

export const CABINET_RANGE_MS: Record<CabinetRange, number> = {
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
};

/** The most points a snapshot carries for the chart. */
export const CABINET_CHART_MAX_POINTS = 300;

const epochMs = z.number().int();
const seq = z.number().int().positive();

export const CabinetChartPoint = z.strictObject({
  /** Start of the point's time bucket, epoch ms on the kiosk clock. */
  t: epochMs,
  /** Lowest and highest reading in the bucket, °C; null when the sensor was missing throughout. */
  minC: z.number().nullable(),
  maxC: z.number().nullable(),
});
export type CabinetChartPoint = z.infer<typeof CabinetChartPoint>;

export const CabinetExcursionView = z.strictObject({
  /** The COLD_CHAIN_EXCURSION's seq: the id the pharmacist's release names. */
  seq,
  startedAt: epochMs,
  /** Null while it lasts ("ongoing"). */
  endedAt: epochMs.nullable(),
  /** The furthest out-of-band temperature, °C. */
  peakC: z.number(),
});
export type CabinetExcursionView = z.infer<typeof CabinetExcursionView>;

export const CabinetBlockView = z.strictObject({
  slot: z.number().int().positive(),
  excursionSeq: seq,
  /** When the excursion that caused the block started, when the kiosk still knows it. */
  excursionStartedAt: epochMs.nullable(),
  gtins: z.array(z.string()),
  blockedAt: epochMs,
});
export type CabinetBlockView = z.infer<typeof CabinetBlockView>;

export const CabinetToolView = z.strictObject({
  range: CabinetRange,
  /** The kiosk's clock when the view was made: the chart's right edge. */
  now: epochMs,
  band: z.strictObject({ minC: z.number(), maxC: z.number() }),
  /** The latest reading polled from the board; null before the first (or no board). */
  current: z
    .strictObject({
      at: epochMs,
      /** Null: the board reports no sensor. */
      temperatureC: z.number().nullable(),
      setpointC: z.number().nullable(),
      door: z.enum(['open', 'closed']),
      temperatureControl: z.enum(['ok', 'fault']),
    })
    .nullable(),
  points: z.array(CabinetChartPoint).max(CABINET_CHART_MAX_POINTS + 1),
  /** Excursions that overlap the range, newest first. */
  excursions: z.array(CabinetExcursionView),
  /** Blocked slots, lowest first: each waits for a pharmacist's release. */
  blocks: z.array(CabinetBlockView),
});
export type CabinetToolView = z.infer<typeof CabinetToolView>;

/** Shows the chart over the last 24 hours or 7 days. */
export const CabinetRangeEvent = z.strictObject({
  type: z.literal('TECH_CABINET_RANGE'),
  range: CabinetRange,
});

export const CabinetToolEvents = [CabinetRangeEvent] as const;
export type CabinetToolEvent = z.infer<typeof CabinetRangeEvent>;
