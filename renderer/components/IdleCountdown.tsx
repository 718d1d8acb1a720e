import { useTranslation } from 'react-i18next';

/**
 * Shown only in the last stretch before main's idle timeout, so the patient knows a touch keeps
 * the session. Main decides when the timeout fires; this only displays its deadline.
 */
export const SHOW_COUNTDOWN_BELOW_SECONDS = 30;

export function isIdleWarning(seconds: number | undefined): seconds is number {
  return seconds !== undefined && seconds <= SHOW_COUNTDOWN_BELOW_SECONDS && seconds > 0;
}

/**
 * The element is always there and empty until the warning: a live region must exist before its
 * text appears, or screen readers do not announce it. The question and hint are announced once
 * (assertive: the session is about to end); the seconds sit in an `aria-live="off"` part so the
 * ticking is visible without being read out every second. The warning is also spoken (the idle
 * prompt, see KioskView).
 */
export function IdleCountdown({ seconds }: { seconds: number | undefined }) {
  const { t } = useTranslation();
  const warning = isIdleWarning(seconds);
  return (
    <div
      className="idle-countdown"
      aria-live="assertive"
      data-idle-seconds={warning ? seconds : undefined}
    >
      {warning && (
        <>
          <strong>{t('idle.question')}</strong>
          <span>{t('idle.hint')}</span>
          <span className="idle-countdown__seconds" aria-live="off">
            {t('idle.remaining', { seconds })}
          </span>
        </>
      )}
    </div>
  );
}
