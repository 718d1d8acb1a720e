/** A large check mark: the medicine is ready. */
export function CheckPicture() {
  return (
    <svg className="picture" viewBox="0 0 200 200" aria-hidden="true" focusable="false">
      <circle cx="100" cy="100" r="88" fill="#1b6e3a" />
      <path
        d="M58 104 l28 28 l58 -62"
        fill="none"
        stroke="#ffffff"
        strokeWidth="18"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
