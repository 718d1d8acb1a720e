/** A tick or a cross beside "Passed" / "Failed", so a result is told by shape and word, not only colour. */
export function CheckIcon({ passed }: { passed: boolean }) {
  return (
    <svg className="tech-check-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {passed ? (
        <path
          d="M4 12.5 L10 18 L20 6"
          fill="none"
          stroke="currentColor"
          strokeWidth="3.5"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      ) : (
        <path
          d="M6 6 L18 18 M18 6 L6 18"
          stroke="currentColor"
          strokeWidth="3.5"
          strokeLinecap="round"
        />
      )}
    </svg>
  );
}
