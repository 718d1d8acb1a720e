import { useEffect, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createLongPress } from './long-press';
import './technician.css';

/**
 * The marked corner of the attract screen: held for 2 s, it asks main for the technician login
 * (TECH_REQUEST_LOGIN), which then waits for a service badge. A tap does nothing, so a patient
 * who brushes it is not sent anywhere; even a held press only opens "scan your service badge",
 * which Cancel or a 15 s timeout closes. A held Enter or Space works too, for a keyboard.
 */
export function TechCorner({ onLongPress }: { onLongPress: () => void }) {
  const { t } = useTranslation();
  const [press] = useState(createLongPress);
  // A timer still running when the attract screen goes must not fire on the next one.
  useEffect(() => () => press.cancel(), [press]);
  const held = (event: KeyboardEvent) => event.key === 'Enter' || event.key === ' ';
  return (
    <button
      type="button"
      className="tech-corner"
      data-action="tech-corner"
      aria-label={t('technician.corner')}
      onPointerDown={(event: PointerEvent) => {
        if (event.button === 0) press.start(onLongPress);
      }}
      onPointerUp={() => press.cancel()}
      onPointerLeave={() => press.cancel()}
      onPointerCancel={() => press.cancel()}
      // A long touch would open the browser's context menu instead.
      onContextMenu={(event) => event.preventDefault()}
      onKeyDown={(event) => {
        if (held(event) && !event.repeat) press.start(onLongPress);
      }}
      onKeyUp={(event) => {
        if (held(event)) press.cancel();
      }}
      onBlur={() => press.cancel()}
    >
      <svg className="tech-corner__icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
        {/* a wrench */}
        <path
          d="M30 8 a10 10 0 0 0 -9 14 L8 35 a3.5 3.5 0 0 0 5 5 L26 27 a10 10 0 0 0 14 -9 l-6 6 l-5 -1 l-1 -5 z"
          fill="currentColor"
        />
      </svg>
    </button>
  );
}
