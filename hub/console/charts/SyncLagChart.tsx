import { useId } from 'react';

const HOUR_MS = 3_600_000;

export interface SyncLag {
  readonly name: string;
  /** ms since the kiosk last synced; null if it never has. */
  readonly sinceSyncMs: number | null;
}

/**
 * Hours since each kiosk last synced, as horizontal bars against the offline window: past that
 * line a kiosk refuses prescriptions (its lists are stale), so a bar near it needs attention.
 */
export function SyncLagChart({
  kiosks,
  offlineWindowDays,
}: {
  kiosks: readonly SyncLag[];
  offlineWindowDays: number;
}) {
  const id = useId();
  const width = 640;
  const rowH = 30;
  const pad = { left: 170, right: 24, top: 12, bottom: 36 };
  const height = pad.top + pad.bottom + Math.max(1, kiosks.length) * rowH;
  const plotW = width - pad.left - pad.right;
  const windowH = offlineWindowDays * 24;
  const maxH = Math.max(windowH * 1.1, ...kiosks.map((k) => (k.sinceSyncMs ?? 0) / HOUR_MS));
  const x = (hours: number): number => pad.left + (Math.min(hours, maxH) / maxH) * plotW;
  const level = (hours: number | null): string =>
    hours === null || hours >= windowH ? 'late' : hours >= 24 ? 'slow' : 'ok';
  const summary =
    kiosks.length === 0
      ? 'No kiosks enrolled.'
      : kiosks
          .map(
            (k) =>
              `${k.name}: ${k.sinceSyncMs === null ? 'never synced' : `${(k.sinceSyncMs / HOUR_MS).toFixed(1)} hours since last sync`}`,
          )
          .join('; ') + `. Offline window ${offlineWindowDays} days.`;
  return (
    <figure className="chart" data-chart="sync-lag">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        className="chart__svg"
      >
        <title id={`${id}-t`}>Time since each kiosk last synced</title>
        <desc id={`${id}-d`}>{summary}</desc>
        {kiosks.map((k, i) => {
          const hours = k.sinceSyncMs === null ? null : k.sinceSyncMs / HOUR_MS;
          const yTop = pad.top + i * rowH + 5;
          return (
            <g key={`${k.name}-${i}`} data-kiosk-lag={level(hours)}>
              <text x={pad.left - 8} y={yTop + 14} textAnchor="end" className="chart__label">
                {k.name.length > 22 ? `${k.name.slice(0, 21)}…` : k.name}
              </text>
              <rect
                x={pad.left}
                y={yTop}
                height={rowH - 10}
                // A kiosk that never synced gets a short red mark and words, not a bar to infinity.
                width={hours === null ? 8 : Math.max(2, x(hours) - pad.left)}
                className={`chart__lag chart__lag--${level(hours)}`}
              />
              <text
                x={hours === null ? pad.left + 14 : Math.min(x(hours) + 6, width - pad.right)}
                y={yTop + 14}
                textAnchor={hours !== null && x(hours) + 60 > width ? 'end' : 'start'}
                className="chart__label"
              >
                {hours === null
                  ? 'never synced'
                  : hours < 48
                    ? `${hours.toFixed(1)} h`
                    : `${(hours / 24).toFixed(1)} days`}
              </text>
            </g>
          );
        })}
        <line
          x1={x(windowH)}
          x2={x(windowH)}
          y1={pad.top}
          y2={height - pad.bottom + 4}
          className="chart__limit"
        />
        <text x={x(windowH)} y={height - pad.bottom + 18} textAnchor="end" className="chart__label">
          offline window: {offlineWindowDays} days
        </text>
        <text x={pad.left} y={height - 4} className="chart__label">
          0 h
        </text>
      </svg>
      <figcaption className="legend">
        <span className="legend__swatch legend__swatch--ok" aria-hidden="true" /> within a day
        <span className="legend__swatch legend__swatch--slow" aria-hidden="true" /> over a day
        <span className="legend__swatch legend__swatch--late" aria-hidden="true" /> past the offline
        window or never
      </figcaption>
    </figure>
  );
}
