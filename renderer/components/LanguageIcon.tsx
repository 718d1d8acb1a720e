import type { Language } from '../../contracts/bridge';

/**
 * A speech bubble with the language's code in it: tells the language buttons apart by shape and
 * letters rather than by a flag, which would name a country (Kiswahili is spoken in several).
 */
export function LanguageIcon({ language }: { language: Language }) {
  return (
    <svg className="language-icon" viewBox="0 0 56 48" aria-hidden="true" focusable="false">
      <path
        d="M6 4 h44 a4 4 0 0 1 4 4 v24 a4 4 0 0 1 -4 4 h-26 l-10 9 v-9 h-8 a4 4 0 0 1 -4 -4 v-24 a4 4 0 0 1 4 -4 z"
        fill="none"
        stroke="currentColor"
        strokeWidth="3.5"
        strokeLinejoin="round"
      />
      <text
        x="28"
        y="27"
        textAnchor="middle"
        fontSize="18"
        fontWeight="800"
        fill="currentColor"
        fontFamily="system-ui, sans-serif"
      >
        {language.toUpperCase()}
      </text>
    </svg>
  );
}
