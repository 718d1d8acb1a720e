/** A clock face with a wrench beside it: being repaired, back later. */
export function ToolsPicture() {
  return (
    <svg className="picture" viewBox="0 0 250 210" aria-hidden="true" focusable="false">
      <circle cx="100" cy="100" r="84" fill="#ffffff" stroke="#37474f" strokeWidth="8" />
      <line
        x1="100"
        y1="100"
        x2="100"
        y2="46"
        stroke="#37474f"
        strokeWidth="9"
        strokeLinecap="round"
      />
      <line
        x1="100"
        y1="100"
        x2="140"
        y2="100"
        stroke="#37474f"
        strokeWidth="9"
        strokeLinecap="round"
      />
      <circle cx="100" cy="100" r="7" fill="#37474f" />
      <g transform="rotate(45 190 150)">
        <rect
          x="178"
          y="128"
          width="24"
          height="80"
          rx="12"
          fill="#f9a825"
          stroke="#1c1c1c"
          strokeWidth="5"
        />
        <circle cx="190" cy="122" r="30" fill="#f9a825" stroke="#1c1c1c" strokeWidth="5" />
        <rect
          x="179"
          y="86"
          width="22"
          height="34"
          rx="3"
          fill="#f6f3ec"
          stroke="#1c1c1c"
          strokeWidth="5"
        />
      </g>
    </svg>
  );
}
