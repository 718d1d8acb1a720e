import { useId } from 'react';
import {
  CABINET_RANGE_MS,
  type CabinetChartPoint,
  type CabinetToolView,
} from '../../../../contracts/technician/cabinet';

const HOUR_MS = 3_600_000;

/** Points further apart than this fraction of the range are drawn as a gap (kiosk off long). */
const GAP_FRACTION = 1 / 8;

/**
 * The cabinet's temperature over the view's range as a line (the band of each point's lowest and
 * highest reading shaded behind it), the allowed band as a shaded strip between dashed limits,
 * and each excursion as a hatched span with its peak ringed, so an excursion stands out at a
 * glance. The picture is one accessible image; its label sums it up and the panel lists the
 * excursions as text.
 */
export function TemperatureChart({
  view,
  label,
  language,
}: {
  view: CabinetToolView;
  label: string;
  language: string;
}) {
  const id = useId();
  const width = 960;
  const height = 360;
  const pad = { left: 56, right: 16, top: 16, bottom: 44 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const { band, now, points, excursions } = view;
  const span = CABINET_RANGE_MS[view.range];
  const from = now - span;
  const values = points.flatMap((p) => [p.minC, p.maxC]).filter((v): v is number => v !== null);
  const lo = Math.floor(Math.min(band.minC - 2, ...values));
  const hi = Math.ceil(Math.max(band.maxC + 2, ...values));
  const x = (t: number): number => pad.left + ((t - from) / span) * plotW;
  const y = (c: number): number => pad.top + plotH - ((c - lo) / (hi - lo)) * plotH;
  const segments = splitSegments(points, span * GAP_FRACTION);
  const mid = (p: CabinetChartPoint) => ((p.minC ?? 0) + (p.maxC ?? 0)) / 2;
  const outside = points.filter(
    (p) => (p.maxC !== null && p.maxC > band.maxC) || (p.minC !== null && p.minC < band.minC),
  );
  const tickEvery = view.range === '24h' ? 6 * HOUR_MS : 24 * HOUR_MS;
  const firstTick = Math.ceil(from / tickEvery) * tickEvery;
  const ticks: number[] = [];
  for (let t = firstTick; t <= now; t += tickEvery) ticks.push(t);
  const tickText = new Intl.DateTimeFormat(
    language,
    view.range === '24h'
      ? { hour: '2-digit', minute: '2-digit' }
      : { weekday: 'short', day: 'numeric' },
  );
  // The band's limits always; the chart's ends only where their labels would not overlap them.
  const yTicks = [
    band.minC,
    band.maxC,
    ...[lo, hi].filter((t) => Math.min(Math.abs(t - band.minC), Math.abs(t - band.maxC)) >= 3),
  ];
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      className="cabinet-chart"
      data-chart="cabinet-temperature"
      data-range={view.range}
      data-points={points.length}
    >
      <defs>
        <pattern id={`${id}-hatch`} width="8" height="8" patternUnits="userSpaceOnUse">
          <path d="M0,8 L8,0" className="cabinet-chart__hatch" />
        </pattern>
      </defs>
      <rect
        x={pad.left}
        width={plotW}
        y={y(band.maxC)}
        height={y(band.minC) - y(band.maxC)}
        className="cabinet-chart__band"
        data-band={`${band.minC}-${band.maxC}`}
      />
      {yTicks.map((t) => (
        <g key={t}>
          <line
            x1={pad.left}
            x2={width - pad.right}
            y1={y(t)}
            y2={y(t)}
            className={
              t === band.minC || t === band.maxC ? 'cabinet-chart__limit' : 'cabinet-chart__grid'
            }
          />
          <text x={pad.left - 8} y={y(t) + 5} textAnchor="end" className="cabinet-chart__label">
            {`${t}°`}
          </text>
        </g>
      ))}
      {ticks.map((t) => (
        <text key={t} x={x(t)} y={height - 14} textAnchor="middle" className="cabinet-chart__label">
          {tickText.format(t)}
        </text>
      ))}
      {excursions.map((e) => {
        const start = x(Math.max(e.startedAt, from));
        const end = x(Math.min(e.endedAt ?? now, now));
        return (
          <rect
            key={e.seq}
            x={start}
            width={Math.max(3, end - start)}
            y={pad.top}
            height={plotH}
            fill={`url(#${id}-hatch)`}
            className="cabinet-chart__excursion"
            data-excursion-span={e.seq}
          />
        );
      })}
      {segments.map((segment) => (
        <g key={segment[0]!.t}>
          <polygon
            className="cabinet-chart__spread"
            points={[
              ...segment.map((p) => `${x(p.t).toFixed(1)},${y(p.maxC!).toFixed(1)}`),
              ...[...segment].reverse().map((p) => `${x(p.t).toFixed(1)},${y(p.minC!).toFixed(1)}`),
            ].join(' ')}
          />
          <polyline
            className="cabinet-chart__line"
            points={segment.map((p) => `${x(p.t).toFixed(1)},${y(mid(p)).toFixed(1)}`).join(' ')}
          />
          {segment.length === 1 && (
            <circle
              cx={x(segment[0]!.t)}
              cy={y(mid(segment[0]!))}
              r={3}
              className="cabinet-chart__dot"
            />
          )}
        </g>
      ))}
      {outside.map((p) => {
        const c = p.maxC !== null && p.maxC > band.maxC ? p.maxC : p.minC!;
        return <circle key={p.t} cx={x(p.t)} cy={y(c)} r={5} className="cabinet-chart__outside" />;
      })}
    </svg>
  );
}

/** Runs of points with a temperature, split where the sensor was missing or the kiosk was off. */
function splitSegments(
  points: readonly CabinetChartPoint[],
  maxGapMs: number,
): CabinetChartPoint[][] {
  const segments: CabinetChartPoint[][] = [];
  let current: CabinetChartPoint[] = [];
  for (const p of points) {
    const previous = current.at(-1);
    if (p.minC === null || p.maxC === null || (previous && p.t - previous.t > maxGapMs)) {
      if (current.length) segments.push(current);
      current = [];
      if (p.minC === null || p.maxC === null) continue;
    }
    current.push(p);
  }
  if (current.length) segments.push(current);
  return segments;
}
