import { useId } from 'react';

/**
 * One excursion's reading against the allowed band, as a horizontal scale: the band shaded
 * between dashed limits and the reading as a marker with its value written beside it, so how far
 * out it went is seen before it is read. The reading is in the text too (never by colour alone).
 */
export function ExcursionGauge({
  temperatureC,
  minC,
  maxC,
  label,
}: {
  temperatureC: number;
  minC: number;
  maxC: number;
  label: string;
}) {
  const id = useId();
  const width = 320;
  const height = 64;
  const pad = { left: 12, right: 12 };
  const lo = Math.floor(Math.min(minC - 4, temperatureC - 2));
  const hi = Math.ceil(Math.max(maxC + 4, temperatureC + 2));
  const x = (c: number): number =>
    pad.left + ((c - lo) / (hi - lo)) * (width - pad.left - pad.right);
  const barY = 30;
  return (
    <figure className="chart" data-chart="excursion">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-t`}
        className="chart__svg"
        style={{ maxWidth: width }}
      >
        <title id={`${id}-t`}>
          {`${label}: ${temperatureC} °C, allowed ${minC} to ${maxC} °C`}
        </title>
        <line x1={x(lo)} x2={x(hi)} y1={barY} y2={barY} className="chart__grid" />
        <rect
          x={x(minC)}
          y={barY - 8}
          width={x(maxC) - x(minC)}
          height={16}
          className="chart__band"
        />
        {[minC, maxC].map((c) => (
          <g key={c}>
            <line x1={x(c)} x2={x(c)} y1={barY - 12} y2={barY + 12} className="chart__limit" />
            <text x={x(c)} y={height - 4} textAnchor="middle" className="chart__label">
              {c} °C
            </text>
          </g>
        ))}
        <circle cx={x(temperatureC)} cy={barY} r={7} className="chart__excursion" />
        <text
          x={x(temperatureC)}
          y={13}
          textAnchor={temperatureC > maxC ? 'end' : 'start'}
          className="chart__label"
        >
          {temperatureC} °C
        </text>
      </svg>
    </figure>
  );
}
