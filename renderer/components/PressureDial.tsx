import {
  DIAL_END_DEG,
  DIAL_MAX_MMHG,
  DIAL_START_DEG,
  dialAngle,
  dialPoint,
} from '../vitals/dial-angle';

const C = 120;
const FACE_R = 112;
const TRACK_R = 96;
const TICK_EVERY = 10;
const LABEL_EVERY = 50;

/** An SVG arc along the track from one dial angle to another. */
function arc(from: number, to: number, radius: number): string {
  const start = dialPoint(C, C, radius, from);
  const end = dialPoint(C, C, radius, to);
  const large = to - from > 180 ? 1 : 0;
  return `M${start.x.toFixed(1)} ${start.y.toFixed(1)} A${radius} ${radius} 0 ${large} 1 ${end.x.toFixed(1)} ${end.y.toFixed(1)}`;
}

export interface PressureDialProps {
  /** The cuff pressure now, mmHg; null before the first sample. */
  pressure: number | null;
  cuffPhase: 'inflating' | 'deflating' | null;
  /** The text equivalent (value and unit, in the patient's language). */
  label: string;
  /** The unit under the number ("mmHg"). */
  unit: string;
  /** Numbers in the patient's language (Intl). */
  format: (value: number) => string;
}

/**
 * A live cuff-pressure gauge like a clinic's aneroid dial: the needle and a filled arc follow
 * the pressure, the number is written in the middle, and an arrow shows whether the cuff is
 * filling (up) or letting air out (down). The picture is one image with the value as its name.
 */
export function PressureDial({ pressure, cuffPhase, label, unit, format }: PressureDialProps) {
  const value = pressure ?? 0;
  const angle = dialAngle(value);
  const ticks = [];
  for (let mmHg = 0; mmHg <= DIAL_MAX_MMHG; mmHg += TICK_EVERY) {
    const major = mmHg % LABEL_EVERY === 0;
    const a = dialAngle(mmHg);
    const outer = dialPoint(C, C, TRACK_R + 8, a);
    const inner = dialPoint(C, C, TRACK_R - (major ? 12 : 5), a);
    ticks.push(
      <line
        key={mmHg}
        x1={outer.x}
        y1={outer.y}
        x2={inner.x}
        y2={inner.y}
        strokeWidth={major ? 4 : 2}
      />,
    );
  }
  const labels = [];
  for (let mmHg = 0; mmHg <= DIAL_MAX_MMHG; mmHg += LABEL_EVERY) {
    const at = dialPoint(C, C, TRACK_R - 28, dialAngle(mmHg));
    labels.push(
      <text key={mmHg} x={at.x} y={at.y + 6} textAnchor="middle" className="dial__tick-label">
        {format(mmHg)}
      </text>,
    );
  }
  return (
    <svg
      className="dial"
      viewBox="0 0 240 240"
      role="img"
      aria-label={label}
      data-pressure={pressure ?? ''}
      data-cuff-phase={cuffPhase ?? ''}
    >
      <circle className="dial__face" cx={C} cy={C} r={FACE_R} />
      <path className="dial__track" d={arc(DIAL_START_DEG, DIAL_END_DEG, TRACK_R)} />
      {value > 0 && <path className="dial__fill" d={arc(DIAL_START_DEG, angle, TRACK_R)} />}
      <g className="dial__ticks">{ticks}</g>
      {labels}
      <g
        className="dial__needle"
        data-angle={angle}
        style={{ transform: `rotate(${angle}deg)`, transformOrigin: `${C}px ${C}px` }}
      >
        <path d={`M${C - 5} ${C} L${C} ${C - TRACK_R + 6} L${C + 5} ${C} Z`} />
        <circle cx={C} cy={C} r="10" />
      </g>
      <text x={C} y={C + 52} textAnchor="middle" className="dial__value">
        {pressure === null ? '–' : format(Math.round(pressure))}
      </text>
      <text x={C} y={C + 74} textAnchor="middle" className="dial__unit">
        {unit}
      </text>
      {cuffPhase && (
        <path
          className="dial__phase"
          data-phase={cuffPhase}
          d={
            cuffPhase === 'inflating'
              ? `M${C} ${C + 86} l-12 14 h24 z`
              : `M${C} ${C + 104} l-12 -14 h24 z`
          }
        />
      )}
    </svg>
  );
}
