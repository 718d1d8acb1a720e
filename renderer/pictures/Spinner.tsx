/** A slow turning ring: something is happening. */
export function Spinner() {
  return (
    <svg className="picture spinner" viewBox="0 0 120 120" aria-hidden="true" focusable="false">
      <circle cx="60" cy="60" r="46" fill="none" stroke="#d5dde3" strokeWidth="14" />
      <path
        className="spinner__arc"
        d="M60 14 a46 46 0 0 1 46 46"
        fill="none"
        stroke="#0b5394"
        strokeWidth="14"
        strokeLinecap="round"
      />
    </svg>
  );
}
