import { useTranslation } from 'react-i18next';
import type { TechnicianView, UiEvent } from '../../contracts/bridge';
import { BigButton } from '../components/BigButton';
import { ScreenLayout } from '../components/ScreenLayout';
import { Spinner } from '../pictures/Spinner';
import { techRefusalKey } from './badge-refusals';
import { BadgePicture } from './BadgePicture';
import { LockPicture } from './LockPicture';
import { TechStep } from './TechStep';
import { sameLocalDay } from './technician-format';

type Send = (event: UiEvent) => void;

/** Leaves the technician login (TECH_CANCEL): back to locked, and the attract screen. */
function CloseButton({ send, kind }: { send: Send; kind: 'cancel' | 'ok' }) {
  const { t } = useTranslation();
  return (
    <BigButton
      label={kind === 'cancel' ? t('actions.cancel') : t('actions.ok')}
      icon={kind === 'cancel' ? 'cancel' : 'finish'}
      variant={kind === 'cancel' ? 'cancel' : 'primary'}
      action="tech-cancel"
      onPress={() => send({ type: 'TECH_CANCEL' })}
    />
  );
}

/** Nobody is logged in (main normally shows attract then; this is what a stray snapshot shows). */
export function LockedStep() {
  const { t } = useTranslation();
  return (
    <ScreenLayout screen="technician" title={t('screens.technician.title')}>
      <TechStep step="locked">
        <p className="screen__message">{t('technician.locked')}</p>
      </TechStep>
    </ScreenLayout>
  );
}

/** After the long press in the corner: main waits for a service badge at the scanner. */
export function AwaitingBadgeStep({ send }: { send: Send }) {
  const { t } = useTranslation();
  return (
    <ScreenLayout
      screen="technician"
      picture={<BadgePicture />}
      title={t('technician.badge.title')}
      actions={<CloseButton send={send} kind="cancel" />}
    >
      <TechStep step="awaiting_badge">
        <p className="screen__message">{t('technician.badge.message')}</p>
        <p className="screen__hint">{t('technician.badge.hint')}</p>
      </TechStep>
    </ScreenLayout>
  );
}

/** The badge or the PIN is being checked; the PIN check cannot be cancelled (it is journaled). */
export function CheckingStep({ step }: { step: 'checking_badge' | 'checking_pin' }) {
  const { t } = useTranslation();
  const texts = step === 'checking_badge' ? 'checkingBadge' : 'checkingPin';
  return (
    <ScreenLayout screen="technician" picture={<Spinner />} title={t(`technician.${texts}.title`)}>
      <TechStep step={step}>
        <p className="screen__message" role="status">
          {t(`technician.${texts}.message`)}
        </p>
      </TechStep>
    </ScreenLayout>
  );
}

/**
 * Too many wrong PINs: the badge is locked on this kiosk until `lockedUntil` (the kiosk's clock),
 * said as a time of day in the kiosk's language, with the date too when it is not today.
 */
export function LockedOutStep({ view, send }: { view: TechnicianView; send: Send }) {
  const { t } = useTranslation();
  const until = view.lockedUntil;
  const text =
    until === null
      ? t('technician.lockedOut.noTime')
      : sameLocalDay(until, Date.now())
        ? t('technician.lockedOut.untilTime', { until: new Date(until) })
        : t('technician.lockedOut.untilDate', { until: new Date(until) });
  return (
    <ScreenLayout
      screen="technician"
      tone="warning"
      picture={<LockPicture />}
      title={t('technician.lockedOut.title')}
      actions={<CloseButton send={send} kind="ok" />}
    >
      <TechStep step="locked_out" data={{ 'data-locked-until': until ?? undefined }}>
        <p className="screen__message" role="alert">
          {text}
        </p>
        <p className="screen__hint">{t('technician.lockedOut.why')}</p>
      </TechStep>
    </ScreenLayout>
  );
}

/**
 * The badge was refused: the reason in plain words, then the code and main's technical detail
 * small, for the technician's call to whoever issues badges (the detail holds no badge text).
 */
export function RefusedStep({ view, send }: { view: TechnicianView; send: Send }) {
  const { t } = useTranslation();
  const key = techRefusalKey(view.refusal?.reason);
  return (
    <ScreenLayout
      screen="technician"
      tone="warning"
      title={t('technician.refused.title')}
      actions={<CloseButton send={send} kind="ok" />}
    >
      <TechStep step="refused">
        <p className="screen__message" role="alert" data-refusal-reason={key}>
          {t(`technician.refused.reasons.${key}`)}
        </p>
        {view.refusal && (
          <p className="screen__reference">
            {t('technician.refused.code', { code: view.refusal.reason })}
          </p>
        )}
        {view.refusal?.detail && (
          <p className="screen__reference tech-detail">
            {t('technician.refused.detail', { detail: view.refusal.detail })}
          </p>
        )}
      </TechStep>
    </ScreenLayout>
  );
}
