import { plethPoints } from '../vitals/pleth-points';

const WIDTH = 600;
const HEIGHT = 200;

/**
 * The pulse-oximeter's live wave (the last few seconds of pleth samples), drawn as a clinic
 * monitor draws it. The picture is one image named with what the patient should know (the
 * signal hint); the wave itself carries no number.
 */
export function PlethWave({ samples, label }: { samples: readonly number[]; label: string }) {
  return (
    <svg
      className="pleth"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
      data-samples={samples.length}
    >
      <rect className="pleth__frame" x="0" y="0" width={WIDTH} height={HEIGHT} rx="12" />
      <line className="pleth__axis" x1="0" y1={HEIGHT / 2} x2={WIDTH} y2={HEIGHT / 2} />
      <polyline className="pleth__line" points={plethPoints(samples, WIDTH, HEIGHT)} />
    </svg>
  );
}
