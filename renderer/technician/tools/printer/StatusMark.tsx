/** How one aspect of a device stands: told by the shape too, never by colour alone. */
export type StatusLevel = 'ok' | 'warn' | 'bad' | 'unknown';

/** Tick (ok), triangle with "!" (warn), cross (bad), question mark (unknown). Decorative: the word beside it says it. */
export function StatusMark({ level }: { level: StatusLevel }) {
  return (
    <svg
      className={`tech-mark tech-mark--${level}`}
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
    >
      {level === 'ok' && <path d="M4 12.5 L10 18 L20 6" />}
      {level === 'warn' && (
        <>
          <path d="M12 3 L22 21 H2 Z" />
          <path d="M12 10 V14 M12 17.5 V18" />
        </>
      )}
      {level === 'bad' && <path d="M6 6 L18 18 M18 6 L6 18" />}
      {level === 'unknown' && <path d="M8.5 9 A3.5 3.5 0 1 1 12 12.5 V14.5 M12 18 V18.5" />}
    </svg>
  );
}
