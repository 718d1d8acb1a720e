/** A closed padlock over a service badge: this badge cannot be used here for a while. */
export function LockPicture() {
  return (
    <svg className="picture" viewBox="0 0 240 220" aria-hidden="true" focusable="false">
      <rect
        x="30"
        y="40"
        width="150"
        height="104"
        rx="10"
        fill="#ffffff"
        stroke="#1c1c1c"
        strokeWidth="5"
      />
      <rect x="30" y="40" width="150" height="18" rx="8" fill="#0b5394" />
      <rect x="44" y="72" width="44" height="54" rx="4" fill="#d5dde3" />
      <path
        d="M140 118 v-24 a30 30 0 0 1 60 0 v24"
        fill="none"
        stroke="#37474f"
        strokeWidth="12"
        strokeLinecap="round"
      />
      <rect
        x="122"
        y="114"
        width="96"
        height="82"
        rx="12"
        fill="#f9a825"
        stroke="#1c1c1c"
        strokeWidth="5"
      />
      <circle cx="170" cy="148" r="9" fill="#1c1c1c" />
      <rect x="166" y="150" width="8" height="24" rx="3" fill="#1c1c1c" />
    </svg>
  );
}
