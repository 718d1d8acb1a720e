import type { PackProgress } from '../../contracts/bridge';

/** A shape per pack state, so progress reads without words and without relying on colour. */
export function PackStateIcon({ state }: { state: PackProgress['state'] }) {
  return (
    <svg className="pack__icon" viewBox="0 0 40 40" aria-hidden="true" focusable="false">
      {state === 'waiting' && (
        <circle cx="20" cy="20" r="14" fill="none" stroke="currentColor" strokeWidth="4" />
      )}
      {state === 'dispensing' && (
        <g className="pack__icon-moving">
          <path
            d="M20 6 v22 M10 19 l10 10 l10 -10"
            fill="none"
            stroke="currentColor"
            strokeWidth="5"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </g>
      )}
      {state === 'done' && (
        <path
          d="M7 21 l9 9 l17 -19"
          fill="none"
          stroke="currentColor"
          strokeWidth="5"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      )}
      {state === 'failed' && (
        <path
          d="M10 10 L30 30 M30 10 L10 30"
          stroke="currentColor"
          strokeWidth="5"
          strokeLinecap="round"
        />
      )}
      {state === 'uncertain' && (
        <g fill="none" stroke="currentColor" strokeWidth="5" strokeLinecap="round">
          <path d="M13 14 a7 7 0 1 1 10 6 q-3 2 -3 6" />
          <circle cx="20" cy="33" r="1.5" fill="currentColor" />
        </g>
      )}
    </svg>
  );
}
