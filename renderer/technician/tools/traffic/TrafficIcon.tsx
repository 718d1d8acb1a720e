/** The traffic view's small pictures, drawn in the text colour beside a word (never alone). */
export type TrafficIconName = 'rx' | 'tx' | 'event' | 'pause' | 'resume' | 'clear' | 'live';

export function TrafficIcon({ name }: { name: TrafficIconName }) {
  return (
    <svg
      className="traffic__icon"
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {/* Received: an arrow coming in (down-left); sent: going out (up-right). */}
      {name === 'rx' && <path d="M18 6 L6 18 M6 9 V18 H15" />}
      {name === 'tx' && <path d="M6 18 L18 6 M9 6 H18 V15" />}
      {name === 'event' && <path d="M12 7 V13 M12 17 V17.5" />}
      {name === 'pause' && <path d="M8 5 V19 M16 5 V19" strokeWidth="3.5" />}
      {name === 'resume' && <path d="M7 5 L19 12 L7 19 Z" fill="currentColor" />}
      {name === 'clear' && <path d="M5 7 H19 M9 7 V4 H15 V7 M7 7 L8 20 H16 L17 7" />}
      {name === 'live' && <circle cx="12" cy="12" r="5" fill="currentColor" />}
    </svg>
  );
}
