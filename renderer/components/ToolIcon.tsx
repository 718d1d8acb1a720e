export type ToolIconName =
  'language' | 'sound' | 'muted' | 'replay' | 'contrast' | 'low' | 'close' | 'help';

const STROKE = {
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 4,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
} as const;

/**
 * Pictures on the small settings buttons, so they can be found without reading: speech bubbles
 * for the language (no flags: a flag is a country, not a language), a loudspeaker for sound, a
 * circle half dark for contrast, a wheelchair for the low-position layout, a telephone for help
 * (the pharmacist calls back).
 */
export function ToolIcon({ name }: { name: ToolIconName }) {
  return (
    <svg className="tool-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      {name === 'language' && (
        <>
          <path
            {...STROKE}
            d="M6 8 h24 a4 4 0 0 1 4 4 v12 a4 4 0 0 1 -4 4 h-14 l-8 7 v-7 h-2 a4 4 0 0 1 -4 -4 v-12 a4 4 0 0 1 4 -4 z"
          />
          <path
            {...STROKE}
            d="M38 18 h2 a4 4 0 0 1 4 4 v11 a4 4 0 0 1 -4 4 h-1 v6 l-7 -6 h-11 a4 4 0 0 1 -4 -4 v-1"
          />
        </>
      )}
      {(name === 'sound' || name === 'muted' || name === 'replay') && (
        <path
          d="M6 18 h8 l11 -9 v30 l-11 -9 h-8 z"
          fill="currentColor"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinejoin="round"
        />
      )}
      {name === 'sound' && (
        <>
          <path {...STROKE} d="M31 17 q5 7 0 14" />
          <path {...STROKE} d="M36 11 q10 13 0 26" />
        </>
      )}
      {name === 'muted' && <path {...STROKE} d="M31 17 l12 14 M43 17 l-12 14" />}
      {name === 'replay' && (
        <>
          <path {...STROKE} d="M32 15 a12 12 0 1 1 -1 19" />
          <path d="M28 9 l8 6 l-8 5 z" fill="currentColor" />
        </>
      )}
      {name === 'contrast' && (
        <>
          <circle {...STROKE} cx="24" cy="24" r="17" />
          <path d="M24 7 a17 17 0 0 1 0 34 z" fill="currentColor" />
        </>
      )}
      {name === 'low' && (
        <>
          <circle cx="20" cy="7" r="4" fill="currentColor" />
          <path {...STROKE} d="M20 13 v13 h12 l5 11" />
          <path {...STROKE} d="M20 19 h9" />
          <path {...STROKE} d="M14 22 a11 11 0 1 0 15 12" />
        </>
      )}
      {name === 'close' && <path {...STROKE} strokeWidth={6} d="M12 12 L36 36 M36 12 L12 36" />}
      {name === 'help' && (
        <path
          d="M11 6 q4 -3 7 0 l6 7 q2 3 -1 6 l-3 3 q4 8 12 12 l3 -3 q3 -3 6 -1 l7 6 q3 3 0 7 q-6 6 -15 2 q-15 -7 -22 -22 q-4 -9 0 -17 z"
          fill="currentColor"
        />
      )}
    </svg>
  );
}
