import { useId } from 'react';
import type { SlotStock } from '../../pharmacy/console-api';

/**
 * Packs per slot as bars, the part expiring within the dashboard's window stacked on top in a
 * second colour and pattern (so it reads without colour vision too). Hand-written SVG: nothing to
 * download, nothing to load from a network.
 */
export function StockBars({
  slots,
  expiringDays,
  kioskName,
}: {
  slots: readonly SlotStock[];
  expiringDays: number;
  kioskName: string;
}) {
  const id = useId();
  const width = 520;
  const height = 220;
  const pad = { left: 40, right: 12, top: 16, bottom: 40 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const max = Math.max(4, ...slots.map((s) => s.packs));
  const step = slots.length > 0 ? plotW / slots.length : plotW;
  const barW = Math.min(48, step * 0.7);
  const y = (packs: number): number => pad.top + plotH - (packs / max) * plotH;
  const ticks = [0, Math.round(max / 2), max];
  const totalExpiring = slots.reduce((n, s) => n + s.expiring, 0);
  const summary =
    slots.length === 0
      ? 'No slots stocked yet.'
      : `${slots.length} slots, ${slots.reduce((n, s) => n + s.packs, 0)} packs in all, ${totalExpiring} expiring within ${expiringDays} days. ` +
        slots
          .map(
            (s) =>
              `Slot ${s.slot}: ${s.packs} packs${s.expiring ? `, ${s.expiring} expiring` : ''}`,
          )
          .join('; ') +
        '.';
  return (
    <figure className="chart" data-chart="stock">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        className="chart__svg"
      >
        <title id={`${id}-t`}>{`Stock per slot at ${kioskName}`}</title>
        <desc id={`${id}-d`}>{summary}</desc>
        <defs>
          <pattern
            id={`${id}-hatch`}
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="6" height="6" className="chart__expiring" />
            <line x1="0" y1="0" x2="0" y2="6" className="chart__hatch" />
          </pattern>
        </defs>
        {ticks.map((t) => (
          <g key={t}>
            <line
              x1={pad.left}
              x2={width - pad.right}
              y1={y(t)}
              y2={y(t)}
              className="chart__grid"
            />
            <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" className="chart__label">
              {t}
            </text>
          </g>
        ))}
        {slots.map((s, i) => {
          const x = pad.left + i * step + (step - barW) / 2;
          const good = s.packs - s.expiring;
          return (
            <g key={s.slot} data-slot={s.slot}>
              <rect x={x} y={y(good)} width={barW} height={y(0) - y(good)} className="chart__bar" />
              {s.expiring > 0 && (
                <rect
                  x={x}
                  y={y(s.packs)}
                  width={barW}
                  height={y(good) - y(s.packs)}
                  fill={`url(#${id}-hatch)`}
                  data-expiring={s.expiring}
                />
              )}
              <text
                x={x + barW / 2}
                y={height - pad.bottom + 16}
                textAnchor="middle"
                className="chart__label"
              >
                {s.slot}
              </text>
            </g>
          );
        })}
        <text x={pad.left + plotW / 2} y={height - 6} textAnchor="middle" className="chart__label">
          Slot
        </text>
      </svg>
      <figcaption className="legend">
        <span className="legend__swatch legend__swatch--bar" aria-hidden="true" /> packs in date
        <span className="legend__swatch legend__swatch--expiring" aria-hidden="true" /> expiring
        within {expiringDays} days
      </figcaption>
    </figure>
  );
}
