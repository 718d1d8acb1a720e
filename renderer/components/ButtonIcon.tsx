export type ButtonIconName = 'cancel' | 'confirm' | 'start' | 'finish';

/** Small pictures on the big buttons, so they can be told apart without reading. */
export function ButtonIcon({ name }: { name: ButtonIconName }) {
  return (
    <svg className="button-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      {name === 'cancel' && (
        <path
          d="M12 12 L36 36 M36 12 L12 36"
          stroke="currentColor"
          strokeWidth="7"
          strokeLinecap="round"
        />
      )}
      {(name === 'confirm' || name === 'finish') && (
        <path
          d="M8 25 L19 36 L40 13"
          fill="none"
          stroke="currentColor"
          strokeWidth="7"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      )}
      {name === 'start' && (
        <path
          d="M14 8 L38 24 L14 40 Z"
          fill="currentColor"
          stroke="currentColor"
          strokeWidth="4"
          strokeLinejoin="round"
        />
      )}
    </svg>
  );
}
