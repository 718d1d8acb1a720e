import { useId } from 'react';
import type { TemperaturePoint } from '../../pharmacy/console-api';

const DAY_MS = 86_400_000;

/**
 * The cabinet's temperature over the last days as a line, with the allowed band shaded between
 * dashed limits and every reading outside it marked, so an excursion stands out at a glance.
 */
export function TemperatureChart({
  points,
  minC,
  maxC,
  days,
  now,
  kioskName,
}: {
  points: readonly TemperaturePoint[];
  minC: number;
  maxC: number;
  days: number;
  now: number;
  kioskName: string;
}) {
  const id = useId();
  const width = 520;
  const height = 220;
  const pad = { left: 44, right: 12, top: 12, bottom: 36 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const values = points.map((p) => p.c);
  const lo = Math.floor(Math.min(minC - 2, ...values));
  const hi = Math.ceil(Math.max(maxC + 2, ...values));
  const start = now - days * DAY_MS;
  const x = (t: number): number => pad.left + ((t - start) / (now - start)) * plotW;
  const y = (c: number): number => pad.top + plotH - ((c - lo) / (hi - lo)) * plotH;
  const path = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(Date.parse(p.at)).toFixed(1)},${y(p.c).toFixed(1)}`)
    .join(' ');
  const outside = points.filter((p) => p.c < minC || p.c > maxC);
  const yTicks = [lo, minC, maxC, hi];
  const dayTicks = Array.from({ length: days + 1 }, (_, i) => start + i * DAY_MS);
  const latest = points.at(-1);
  const summary =
    points.length === 0
      ? `No temperature readings in the last ${days} days.`
      : `${points.length} readings over ${days} days, from ${Math.min(...values).toFixed(1)} to ${Math.max(...values).toFixed(1)} °C; latest ${latest?.c.toFixed(1)} °C. ` +
        `Allowed ${minC} to ${maxC} °C; ${outside.length} reading${outside.length === 1 ? '' : 's'} outside.`;
  return (
    <figure className="chart" data-chart="temperature">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        className="chart__svg"
      >
        <title id={`${id}-t`}>{`Cabinet temperature at ${kioskName}, last ${days} days`}</title>
        <desc id={`${id}-d`}>{summary}</desc>
        <rect
          x={pad.left}
          width={plotW}
          y={y(maxC)}
          height={y(minC) - y(maxC)}
          className="chart__band"
          data-band={`${minC}-${maxC}`}
        />
        {yTicks.map((t) => (
          <g key={t}>
            <line
              x1={pad.left}
              x2={width - pad.right}
              y1={y(t)}
              y2={y(t)}
              className={t === minC || t === maxC ? 'chart__limit' : 'chart__grid'}
            />
            <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" className="chart__label">
              {t}°
            </text>
          </g>
        ))}
        {dayTicks.map((t, i) =>
          i % Math.max(1, Math.round(days / 7)) === 0 ? (
            <text
              key={t}
              x={x(t)}
              y={height - 14}
              textAnchor={i === 0 ? 'start' : i === days ? 'end' : 'middle'}
              className="chart__label"
            >
              {new Date(t).toISOString().slice(5, 10)}
            </text>
          ) : null,
        )}
        {path && <path d={path} className="chart__line" data-points={points.length} />}
        {outside.map((p) => (
          <circle
            key={p.at}
            cx={x(Date.parse(p.at))}
            cy={y(p.c)}
            r={3.5}
            className="chart__excursion"
          />
        ))}
      </svg>
      <figcaption className="legend">
        <span className="legend__swatch legend__swatch--band" aria-hidden="true" /> allowed {minC}–
        {maxC} °C
        <span className="legend__swatch legend__swatch--excursion" aria-hidden="true" /> outside the
        band
      </figcaption>
    </figure>
  );
}
