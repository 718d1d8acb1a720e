import { describe, expect, it } from 'vitest';
import {
  addReading,
  downsample,
  emptyTemperatureSeries,
  SERIES_BUCKET_MS,
  SERIES_KEPT_MS,
  type TemperatureSeries,
} from '../../main/cabinet/temperature-series';
import { CABINET_CHART_MAX_POINTS, CABINET_RANGE_MS } from '../../contracts/technician/cabinet';

/** The chart's bounded series (issue 9 item 7): 5-minute buckets over 7 days, downsampled. */

const T0 = Date.UTC(2026, 0, 1);

function week(spikeAt: number): TemperatureSeries {
  let series = emptyTemperatureSeries();
  // Two readings per bucket for 8 days: the first day falls out.
  for (let t = T0; t < T0 + 8 * 86_400_000; t += SERIES_BUCKET_MS / 2)
    series = addReading(series, t, t === spikeAt ? 31 : 21 + ((t / SERIES_BUCKET_MS) % 3));
  return series;
}

describe('temperature series', () => {
  it('keeps one point per 5 minutes over the last 7 days, min and max of each', () => {
    const series = week(-1);
    expect(series.points.length).toBeLessThanOrEqual(SERIES_KEPT_MS / SERIES_BUCKET_MS);
    expect(series.points.length).toBeGreaterThan(2000);
    const newest = series.points.at(-1)!.t;
    expect(series.points[0]!.t).toBeGreaterThan(newest - SERIES_KEPT_MS);
    expect(series.points.every((p) => p.minC !== null && p.minC <= p.maxC!)).toBe(true);
  });

  it('merges a reading into its bucket, keeps order after the clock went back, gaps for no sensor', () => {
    let s = addReading(emptyTemperatureSeries(), T0 + 60_000, 20);
    s = addReading(s, T0 + 120_000, 23);
    s = addReading(s, T0 + 3 * SERIES_BUCKET_MS, null);
    s = addReading(s, T0 - SERIES_BUCKET_MS, 19); // the clock was set back
    expect(s.points).toEqual([
      { t: T0 - SERIES_BUCKET_MS, minC: 19, maxC: 19 },
      { t: T0, minC: 20, maxC: 23 },
      { t: T0 + 3 * SERIES_BUCKET_MS, minC: null, maxC: null },
    ]);
  });

  it.each(['24h', '7d'] as const)(
    'downsamples %s to at most the snapshot limit and keeps a spike',
    (range) => {
      const spikeAt = T0 + 8 * 86_400_000 - 3 * 3_600_000;
      const series = week(spikeAt);
      const now = series.points.at(-1)!.t;
      const from = now - CABINET_RANGE_MS[range];
      const points = downsample(series.points, from, now, CABINET_CHART_MAX_POINTS);
      expect(points.length).toBeLessThanOrEqual(CABINET_CHART_MAX_POINTS + 1);
      expect(points.length).toBeGreaterThan(CABINET_CHART_MAX_POINTS * 0.9);
      expect(Math.max(...points.map((p) => p.maxC!))).toBe(31);
      expect(points.every((p) => p.t >= from && p.t <= now)).toBe(true);
    },
  );
});
