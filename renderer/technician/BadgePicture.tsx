import { QrSymbol } from '../pictures/QrSymbol';

/** A service badge (a photo and its QR code, on a lanyard) held under the scanner's red light. */
export function BadgePicture() {
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
      <polygon points="126,58 194,58 262,150 58,150" fill="#e53935" opacity="0.2" />
      {/* the lanyard and the badge card */}
      <path d="M128 252 L150 98 M192 252 L170 98" stroke="#0b5394" strokeWidth="6" />
      <rect
        x="80"
        y="96"
        width="160"
        height="112"
        rx="10"
        fill="#ffffff"
        stroke="#1c1c1c"
        strokeWidth="5"
      />
      <rect x="80" y="96" width="160" height="20" rx="8" fill="#0b5394" />
      {/* the photo */}
      <rect x="94" y="128" width="52" height="64" rx="4" fill="#d5dde3" />
      <circle cx="120" cy="150" r="11" fill="#607d8b" />
      <path d="M100 192 q20 -28 40 0 z" fill="#607d8b" />
      <QrSymbol x={160} y={128} size={64} />
    </svg>
  );
}
