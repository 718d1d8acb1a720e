import type { PictogramId } from '../counselling/pictogram-ids';

const LINE = {
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 3.5,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
} as const;

/** The red ring and bar of "do not": drawn over the picture it forbids. */
function Forbidden() {
  return (
    <g className="pictogram__no" fill="none" strokeWidth="5" strokeLinecap="round">
      <circle cx="32" cy="32" r="28" />
      <path d="M12.2 12.2 L51.8 51.8" />
    </g>
  );
}

/**
 * The counselling pictograms: one small line drawing per piece of advice, in the spirit of the
 * USP pictograms, so the advice can be recognised without reading it. Drawn in the text colour
 * (so high contrast changes them too), with the "do not" ring in the warning red. Decorative:
 * the advice beside each says the same in words.
 */
export function Pictogram({ id }: { id: PictogramId }) {
  return (
    <svg
      className="pictogram"
      viewBox="0 0 64 64"
      aria-hidden="true"
      focusable="false"
      data-pictogram={id}
    >
      {id === 'water' && (
        <>
          {/* a glass of water and a tablet */}
          <path className="pictogram__fill" d="M20.6 30 L23 56 H41 L43.4 30 Z" />
          <path {...LINE} d="M18 14 L22.5 58 H41.5 L46 14" />
          <rect
            x="38"
            y="3"
            width="20"
            height="9"
            rx="4.5"
            transform="rotate(-30 48 7.5)"
            fill="currentColor"
          />
        </>
      )}
      {id === 'food' && (
        <>
          {/* a plate between a fork and a knife */}
          <circle {...LINE} cx="32" cy="34" r="15" />
          <circle {...LINE} cx="32" cy="34" r="9" />
          <path {...LINE} d="M8 12 v14 q0 4 3 4 v26 M5 12 v10 q0 4 6 4 M14 12 v10 q0 4 -3 4" />
          <path {...LINE} d="M56 12 q-5 6 -5 18 h5 v26" />
        </>
      )}
      {id === 'morning' && (
        <>
          {/* the sun rising over the horizon */}
          <path className="pictogram__fill" d="M18 44 a14 14 0 0 1 28 0 z" />
          <path {...LINE} d="M18 44 a14 14 0 0 1 28 0" />
          <path {...LINE} d="M6 44 H58 M32 12 v8 M12 24 l6 5 M52 24 l-6 5 M6 36 h6 M52 36 h6" />
          <path {...LINE} d="M24 54 H40" />
        </>
      )}
      {id === 'evening' && (
        <>
          {/* the moon and two stars */}
          <path
            className="pictogram__fill"
            d="M36 10 a22 22 0 1 0 20 30 a17 17 0 1 1 -20 -30 z"
            stroke="currentColor"
            strokeWidth="3.5"
            strokeLinejoin="round"
          />
          <path {...LINE} d="M50 8 v8 M46 12 h8 M56 24 v6 M53 27 h6" />
        </>
      )}
      {id === 'noAlcohol' && (
        <>
          {/* a wine glass, forbidden */}
          <path className="pictogram__fill" d="M24 16 H40 Q40 30 32 31 Q24 30 24 16 Z" />
          <path {...LINE} d="M23 12 H41 Q41 33 32 34 Q23 33 23 12 Z M32 34 V48 M25 49 H39" />
          <Forbidden />
        </>
      )}
      {id === 'drowsy' && (
        <>
          {/* a sleepy face with closed eyes, and Z Z */}
          <circle {...LINE} cx="27" cy="38" r="17" />
          <path {...LINE} d="M18 36 q3 3 6 0 M30 36 q3 3 6 0 M23 46 h8" />
          <path {...LINE} strokeWidth={3} d="M41 6 h10 l-10 10 h10 M52 20 h7 l-7 7 h7" />
        </>
      )}
      {id === 'children' && (
        <>
          {/* a small child reaching for a medicine bottle, forbidden */}
          <circle cx="23" cy="22" r="5" fill="currentColor" />
          <path {...LINE} d="M23 28 V42 M23 42 l-5 10 M23 42 l5 10 M23 32 l-7 6 M23 32 l11 -4" />
          <rect {...LINE} x="36" y="24" width="11" height="17" rx="2" />
          <path {...LINE} d="M38 20 h7" />
          <Forbidden />
        </>
      )}
      {id === 'noStop' && (
        <>
          {/* a stop sign, forbidden: do not stop */}
          <path
            {...LINE}
            d="M26 14 H38 L48 24 V38 L38 48 H26 L16 38 V24 Z"
            className="pictogram__fill"
          />
          <path {...LINE} d="M24 31 H40" strokeWidth={5} />
          <Forbidden />
        </>
      )}
    </svg>
  );
}
