import { z } from 'zod';
import type { JournalEvent } from '../../contracts/journal-events';

/**
 * The cabinet's temperature for the technician's chart (issue 9 item 7), kept from the journal's
 * CABINET_READINGs as one point per 5-minute bucket over the last 7 days (at most 2016 points,
 * min and max of the readings in it), so a snapshot never reads the journal. A bucket whose
 * readings all lacked a sensor has null min/max: the chart shows a gap there.
 */

export const SERIES_BUCKET_MS = 5 * 60_000;
export const SERIES_KEPT_MS = 7 * 86_400_000;

export const SeriesPoint = z.strictObject({
  /** Start of the bucket, epoch ms on the kiosk clock. */
  t: z.number().int(),
  minC: z.number().nullable(),
  maxC: z.number().nullable(),
});
export type SeriesPoint = z.infer<typeof SeriesPoint>;

export const TemperatureSeriesSchema = z.strictObject({ points: z.array(SeriesPoint) });
export type TemperatureSeries = z.infer<typeof TemperatureSeriesSchema>;

export const emptyTemperatureSeries = (): TemperatureSeries => ({ points: [] });

const lower = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b);
const higher = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.max(a, b);

function merge(into: SeriesPoint, from: SeriesPoint): SeriesPoint {
  return { t: into.t, minC: lower(into.minC, from.minC), maxC: higher(into.maxC, from.maxC) };
}

/** Adds one reading at `at`; points stay in time order even after the clock was set back. */
export function addReading(
  series: TemperatureSeries,
  at: number,
  temperatureC: number | null,
): TemperatureSeries {
  const point: SeriesPoint = {
    t: Math.floor(at / SERIES_BUCKET_MS) * SERIES_BUCKET_MS,
    minC: temperatureC,
    maxC: temperatureC,
  };
  const points = [...series.points];
  let i = points.length;
  while (i > 0 && points[i - 1]!.t > point.t) i--;
  if (i > 0 && points[i - 1]!.t === point.t) points[i - 1] = merge(points[i - 1]!, point);
  else points.splice(i, 0, point);
  const newest = points.at(-1)!.t;
  const first = points.findIndex((p) => p.t > newest - SERIES_KEPT_MS);
  return { points: first > 0 ? points.slice(first) : points };
}

export function reduceTemperatureSeries(
  series: TemperatureSeries,
  event: JournalEvent,
): TemperatureSeries {
  if (event.type !== 'CABINET_READING') return series;
  return addReading(series, Date.parse(event.ts), event.data.temperatureC);
}

/**
 * The points within [from, to] merged into at most `maxPoints` buckets (each a whole number of
 * 5-minute buckets wide), min and max kept so a short excursion is not averaged away.
 */
export function downsample(
  points: readonly SeriesPoint[],
  from: number,
  to: number,
  maxPoints: number,
): SeriesPoint[] {
  const span = Math.max(1, to - from);
  const width = Math.max(1, Math.ceil(span / maxPoints / SERIES_BUCKET_MS)) * SERIES_BUCKET_MS;
  const out: SeriesPoint[] = [];
  for (const p of points) {
    if (p.t < from || p.t > to) continue;
    const t = from + Math.floor((p.t - from) / width) * width;
    const last = out.at(-1);
    if (last && last.t === t) out[out.length - 1] = merge(last, p);
    else out.push({ t, minC: p.minC, maxC: p.maxC });
  }
  return out;
}
