import { useTranslation } from 'react-i18next';
import { useSecondsUntil } from '../use-seconds-until';

/**
 * Shown only in the last stretch before main's idle timeout, so the patient knows a touch keeps
 * the session. Main decides when the timeout fires; this only displays its deadline.
 */
export const SHOW_COUNTDOWN_BELOW_SECONDS = 30;

export function IdleCountdown({ deadline }: { deadline: number | undefined }) {
  const { t } = useTranslation();
  const seconds = useSecondsUntil(deadline);
  if (seconds === undefined || seconds <= 0 || seconds > SHOW_COUNTDOWN_BELOW_SECONDS) return null;
  return (
    <div className="idle-countdown" role="status" data-idle-seconds={seconds}>
      <strong>{t('idle.question')}</strong>
      <span>{t('idle.hint')}</span>
      <span className="idle-countdown__seconds">{t('idle.remaining', { seconds })}</span>
    </div>
  );
}
