import { QrSymbol } from './QrSymbol';

/** A finger touching the screen, and beside it a prescription QR code: two ways to begin. */
export function TouchPicture() {
  return (
    <svg className="picture" viewBox="0 0 360 220" aria-hidden="true" focusable="false">
      <g className="touch-ripple">
        <circle
          cx="100"
          cy="70"
          r="34"
          fill="none"
          stroke="#0b5394"
          strokeWidth="5"
          opacity="0.5"
        />
        <circle
          cx="100"
          cy="70"
          r="56"
          fill="none"
          stroke="#0b5394"
          strokeWidth="4"
          opacity="0.25"
        />
      </g>
      <path
        d="M86 70 a14 14 0 0 1 28 0 v58 l30 6 a18 18 0 0 1 15 20 l-6 44 h-78 l-26 -50 a12 12 0 0 1 19 -14 l18 18 z"
        fill="#f1c9a5"
        stroke="#1c1c1c"
        strokeWidth="5"
        strokeLinejoin="round"
      />
      <g transform="translate(212 40)">
        <rect width="124" height="150" rx="12" fill="#ffffff" stroke="#1c1c1c" strokeWidth="5" />
        <QrSymbol x={17} y={22} size={90} />
        <rect x="24" y="124" width="76" height="8" rx="4" fill="#9e9e9e" />
      </g>
    </svg>
  );
}
