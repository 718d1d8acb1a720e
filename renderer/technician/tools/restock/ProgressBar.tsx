/**
 * How much of a line is loaded, as a picture a technician takes in at a glance; the words beside
 * it carry the same numbers, so it is aria-hidden.
 */
export function ProgressBar({ done, total }: { done: number; total: number }) {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  return (
    <svg
      className="restock-progress"
      viewBox="0 0 100 10"
      preserveAspectRatio="none"
      aria-hidden="true"
    >
      <rect x="0" y="0" width="100" height="10" rx="2" className="restock-progress__track" />
      <rect x="0" y="0" width={100 * share} height="10" rx="2" className="restock-progress__done" />
    </svg>
  );
}
