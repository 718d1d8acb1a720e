/**
 * The pulse-oximeter's pleth wave as an SVG polyline. Samples are 8-bit (0–255), oldest first, at
 * 75 Hz; main keeps the last 3 s (225 samples). The scale is fixed rather than fitted to the
 * samples, so a weak pulse looks weak and a finger taken out looks flat, as on a clinic monitor.
 */
export const PLETH_MAX = 255;
/** The window the wave is drawn across: 3 s at 75 Hz, as main keeps it. */
export const PLETH_WINDOW = 225;

/**
 * `"x,y x,y …"` for samples drawn in a width × height box: the newest sample at the right edge,
 * one sample per step of width / (window − 1), high values at the top. Fewer samples than the
 * window (the first seconds) fill from the right; more are squeezed to fit.
 */
export function plethPoints(samples: readonly number[], width: number, height: number): string {
  const n = samples.length;
  if (n === 0) return '';
  const step = width / (Math.max(n, PLETH_WINDOW) - 1);
  const round = (v: number) => Math.round(v * 10) / 10;
  return samples
    .map((sample, i) => {
      const value = Math.min(PLETH_MAX, Math.max(0, Number.isFinite(sample) ? sample : 0));
      const x = width - (n - 1 - i) * step;
      const y = height - (value / PLETH_MAX) * height;
      return `${round(x)},${round(y)}`;
    })
    .join(' ');
}
