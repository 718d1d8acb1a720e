/**
 * How to sit for the blood pressure cuff: seated, the forearm resting on the table, the cuff on
 * the bare upper arm with its middle at the level of the heart (the dashed line), the tube to the
 * monitor on the table.
 */
export function CuffPicture() {
  return (
    <svg className="picture" viewBox="0 0 320 250" aria-hidden="true" focusable="false">
      {/* the table */}
      <rect x="150" y="196" width="164" height="12" rx="4" fill="#8d6e63" />
      <rect x="292" y="208" width="10" height="40" fill="#8d6e63" />
      {/* the patient: head, body, chair */}
      <rect x="24" y="214" width="110" height="10" rx="4" fill="#607d8b" />
      <rect x="24" y="120" width="10" height="104" rx="4" fill="#607d8b" />
      <circle cx="92" cy="42" r="28" fill="#c98b62" stroke="#1c1c1c" strokeWidth="4" />
      <path
        d="M56 86 q36 -16 72 0 l6 126 h-84 z"
        fill="#90a4ae"
        stroke="#1c1c1c"
        strokeWidth="4"
        strokeLinejoin="round"
      />
      {/* the heart, and its level carried across to the cuff */}
      <path
        d="M104 120 c-8 -12 -24 -4 -16 8 l16 14 l16 -14 c8 -12 -8 -20 -16 -8 z"
        fill="#c62828"
      />
      <line
        x1="122"
        y1="128"
        x2="208"
        y2="128"
        stroke="#c62828"
        strokeWidth="4"
        strokeDasharray="8 6"
      />
      {/* the upper arm down to the elbow, the forearm along the table */}
      <path
        d="M140 96 L156 190 L262 186"
        fill="none"
        stroke="#c98b62"
        strokeWidth="26"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      {/* the cuff, its middle on the dashed line */}
      <rect
        x="130"
        y="106"
        width="40"
        height="46"
        rx="6"
        fill="#0b5394"
        stroke="#1c1c1c"
        strokeWidth="3"
        transform="rotate(-10 150 129)"
      />
      {/* the tube to the monitor */}
      <path d="M168 140 q40 10 72 16" fill="none" stroke="#37474f" strokeWidth="5" />
      <rect x="236" y="140" width="62" height="48" rx="8" fill="#37474f" />
      <rect x="246" y="150" width="42" height="22" rx="3" fill="#e3f2fd" />
    </svg>
  );
}
