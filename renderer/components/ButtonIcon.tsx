export type ButtonIconName =
  'cancel' | 'confirm' | 'start' | 'finish' | 'keys' | 'refill' | 'close';

const STROKE = {
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 6,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
} as const;

/** Small pictures on the big buttons, so they can be told apart without reading. */
export function ButtonIcon({ name }: { name: ButtonIconName }) {
  return (
    <svg className="button-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      {(name === 'cancel' || name === 'close') && (
        <path
          d="M12 12 L36 36 M36 12 L12 36"
          stroke="currentColor"
          strokeWidth="7"
          strokeLinecap="round"
        />
      )}
      {(name === 'confirm' || name === 'finish') && (
        <path
          d="M8 25 L19 36 L40 13"
          fill="none"
          stroke="currentColor"
          strokeWidth="7"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      )}
      {name === 'start' && (
        <path
          d="M14 8 L38 24 L14 40 Z"
          fill="currentColor"
          stroke="currentColor"
          strokeWidth="4"
          strokeLinejoin="round"
        />
      )}
      {/* A keypad: three rows of keys. */}
      {name === 'keys' && (
        <g fill="currentColor">
          {[8, 20, 32].map((y) =>
            [6, 19, 32].map((x) => (
              <rect key={`${x}-${y}`} x={x} y={y} width="10" height="8" rx="2" />
            )),
          )}
        </g>
      )}
      {/* Going round again: a circular arrow. */}
      {name === 'refill' && (
        <>
          <path {...STROKE} d="M38 22 a14 14 0 1 1 -5 -11" />
          <path d="M28 4 l10 7 l-11 5 z" fill="currentColor" />
        </>
      )}
    </svg>
  );
}
