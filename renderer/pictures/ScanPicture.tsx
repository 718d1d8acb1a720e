import { QrSymbol } from './QrSymbol';

/** The scanner window above shines its red light down on the prescription QR code held under it. */
export function ScanPicture() {
  return (
    <svg className="picture" viewBox="0 0 320 260" aria-hidden="true" focusable="false">
      {/* the kiosk's scanner window, with its red light */}
      <rect x="70" y="8" width="180" height="42" rx="10" fill="#37474f" />
      <rect
        x="118"
        y="44"
        width="84"
        height="14"
        rx="6"
        fill="#ef5350"
        stroke="#b71c1c"
        strokeWidth="3"
      />
      <polygon points="126,58 194,58 252,150 68,150" fill="#e53935" opacity="0.2" />
      {/* the paper with the QR code, held from below by a thumb */}
      <g>
        <rect
          x="96"
          y="112"
          width="128"
          height="128"
          rx="10"
          fill="#ffffff"
          stroke="#1c1c1c"
          strokeWidth="5"
        />
        <QrSymbol x={116} y={128} size={88} />
        <path
          d="M138 252 q-4 -30 14 -40 q18 -8 26 8 q6 14 -2 34 z"
          fill="#c98b62"
          stroke="#1c1c1c"
          strokeWidth="4"
          strokeLinejoin="round"
        />
      </g>
      <line
        className="scan-line"
        x1="100"
        y1="170"
        x2="220"
        y2="170"
        stroke="#d32f2f"
        strokeWidth="5"
        strokeLinecap="round"
      />
    </svg>
  );
}
