import { QrSymbol } from './QrSymbol';

/** The printer with a label coming out of it: the label, with its refill QR code, is for the patient. */
export function PrinterPicture() {
  return (
    <svg className="picture" viewBox="0 0 280 250" aria-hidden="true" focusable="false">
      {/* the printer */}
      <rect x="30" y="20" width="220" height="100" rx="14" fill="#37474f" />
      <rect x="60" y="88" width="160" height="12" rx="6" fill="#1c1c1c" />
      <circle cx="222" cy="46" r="8" fill="#7dff8e" />
      {/* the label coming out */}
      <g className="label-out">
        <rect
          x="72"
          y="94"
          width="136"
          height="146"
          rx="6"
          fill="#ffffff"
          stroke="#1c1c1c"
          strokeWidth="4"
        />
        <rect x="86" y="110" width="90" height="9" rx="4" fill="#0b5394" />
        <rect x="86" y="128" width="108" height="7" rx="3.5" fill="#9e9e9e" />
        <rect x="86" y="142" width="70" height="7" rx="3.5" fill="#9e9e9e" />
        <QrSymbol x={140} y={174} size={56} />
        <rect x="86" y="182" width="40" height="7" rx="3.5" fill="#9e9e9e" />
        <rect x="86" y="196" width="34" height="7" rx="3.5" fill="#9e9e9e" />
      </g>
    </svg>
  );
}
