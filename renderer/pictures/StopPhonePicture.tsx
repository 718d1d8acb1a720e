/** A stop sign and a telephone: the kiosk cannot help, the pharmacist can. */
export function StopPhonePicture() {
  return (
    <svg className="picture" viewBox="0 0 340 200" aria-hidden="true" focusable="false">
      <polygon
        points="62,12 118,12 158,52 158,108 118,148 62,148 22,108 22,52"
        fill="#b3261e"
        stroke="#ffffff"
        strokeWidth="6"
        transform="translate(0 20)"
      />
      <rect x="44" y="88" width="92" height="24" rx="6" fill="#ffffff" />
      <circle cx="262" cy="100" r="70" fill="#0b5394" />
      <path
        d="M232 70 q6 -8 14 -4 l14 14 q4 6 -2 12 l-8 8 q8 18 26 26 l8 -8 q6 -6 12 -2 l14 14 q4 8 -4 14 q-14 12 -34 2 q-30 -16 -44 -46 q-8 -20 4 -30 z"
        fill="#ffffff"
      />
    </svg>
  );
}
