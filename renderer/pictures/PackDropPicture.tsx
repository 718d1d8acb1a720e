/** A medicine pack dropping into the tray. The fall is animated unless reduced motion is asked for. */
export function PackDropPicture() {
  return (
    <svg className="picture" viewBox="0 0 300 260" aria-hidden="true" focusable="false">
      <g className="pack-drop">
        <rect
          x="100"
          y="20"
          width="100"
          height="120"
          rx="10"
          fill="#ffffff"
          stroke="#0b5394"
          strokeWidth="6"
        />
        <rect x="100" y="20" width="100" height="30" rx="10" fill="#0b5394" />
        <rect x="138" y="72" width="24" height="56" rx="4" fill="#2e7d32" />
        <rect x="122" y="88" width="56" height="24" rx="4" fill="#2e7d32" />
      </g>
      <g className="pack-drop-lines" stroke="#607d8b" strokeWidth="5" strokeLinecap="round">
        <line x1="80" y1="60" x2="80" y2="110" />
        <line x1="220" y1="50" x2="220" y2="100" />
      </g>
      {/* the tray */}
      <path
        d="M40 180 v50 a14 14 0 0 0 14 14 h192 a14 14 0 0 0 14 -14 v-50"
        fill="#cfd8dc"
        stroke="#37474f"
        strokeWidth="7"
        strokeLinejoin="round"
      />
      <line
        x1="30"
        y1="180"
        x2="270"
        y2="180"
        stroke="#37474f"
        strokeWidth="7"
        strokeLinecap="round"
      />
    </svg>
  );
}
