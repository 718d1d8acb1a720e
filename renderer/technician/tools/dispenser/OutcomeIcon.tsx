/**
 * The shape beside a result's words, so it is told by shape as well as colour: a tick (worked), a
 * cross (failed), a triangle with "!" (uncertain, or needs a look), a ring (running).
 */
export type OutcomeShape = 'ok' | 'fail' | 'warn' | 'busy';

export function OutcomeIcon({ shape }: { shape: OutcomeShape }) {
  return (
    <svg className="dispenser-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {shape === 'ok' && (
        <path
          d="M4 12.5 L10 18 L20 6"
          fill="none"
          stroke="currentColor"
          strokeWidth="3.5"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      )}
      {shape === 'fail' && (
        <path
          d="M6 6 L18 18 M18 6 L6 18"
          stroke="currentColor"
          strokeWidth="3.5"
          strokeLinecap="round"
        />
      )}
      {shape === 'warn' && (
        <>
          <path
            d="M12 3 L22 20 L2 20 Z"
            fill="none"
            stroke="currentColor"
            strokeWidth="2.5"
            strokeLinejoin="round"
          />
          <path d="M12 9 L12 14" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
          <circle cx="12" cy="17" r="1.4" fill="currentColor" />
        </>
      )}
      {shape === 'busy' && (
        <circle
          cx="12"
          cy="12"
          r="8"
          fill="none"
          stroke="currentColor"
          strokeWidth="3"
          strokeDasharray="30 20"
          strokeLinecap="round"
        />
      )}
    </svg>
  );
}
