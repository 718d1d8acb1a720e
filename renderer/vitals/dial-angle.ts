/**
 * The cuff pressure dial: 0–300 mmHg (the range of an upper-arm cuff) over a 270° sweep, like a
 * clinic's aneroid gauge, so the needle stands straight up at 150 and the gap at the bottom is
 * where the dial starts and ends.
 */
export const DIAL_MIN_MMHG = 0;
export const DIAL_MAX_MMHG = 300;
/** Degrees clockwise from straight up, at the dial's start and end. */
export const DIAL_START_DEG = -135;
export const DIAL_END_DEG = 135;

/** The needle's angle for a pressure, in degrees clockwise from straight up; clamped to the dial. */
export function dialAngle(mmHg: number): number {
  const clamped = Math.min(
    DIAL_MAX_MMHG,
    Math.max(DIAL_MIN_MMHG, Number.isFinite(mmHg) ? mmHg : 0),
  );
  const fraction = (clamped - DIAL_MIN_MMHG) / (DIAL_MAX_MMHG - DIAL_MIN_MMHG);
  return DIAL_START_DEG + fraction * (DIAL_END_DEG - DIAL_START_DEG);
}

/** A point on a circle around (cx, cy) at a dial angle (clockwise from straight up). */
export function dialPoint(
  cx: number,
  cy: number,
  radius: number,
  degrees: number,
): { x: number; y: number } {
  const radians = (degrees * Math.PI) / 180;
  return { x: cx + radius * Math.sin(radians), y: cy - radius * Math.cos(radians) };
}
