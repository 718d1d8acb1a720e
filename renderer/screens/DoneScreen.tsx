import { useTranslation } from 'react-i18next';
import { BigButton } from '../components/BigButton';
import { ScreenLayout } from '../components/ScreenLayout';
import { CheckPicture } from '../pictures/CheckPicture';
import { StopPhonePicture } from '../pictures/StopPhonePicture';
import { doneOutcome } from './done-outcome';
import { labelNotice } from './label-notice';
import type { ScreenProps } from './screen-props';

/**
 * Done ends the session with one button: Finish (the FINISH event) does what Cancel would. When
 * fewer packs came out than were prescribed, the screen says exactly how many and that the
 * pharmacist will be told; `given` and `requested` come from main, never counted here. It also
 * says what became of the label: take it, or (printer out of paper, cover open, gone) that it
 * will be printed later, which never holds the medicine back.
 */
export function DoneScreen({ snapshot, send }: ScreenProps) {
  const { t } = useTranslation();
  const dispense = snapshot.dispense;
  const outcome = doneOutcome(dispense);
  // Packs whose drop the board never confirmed: they may be in the tray, so say so plainly.
  const uncertain = dispense?.packs.filter((p) => p.state === 'uncertain').length ?? 0;
  const label = labelNotice(snapshot.label, outcome);
  return (
    <ScreenLayout
      screen="done"
      tone={outcome === 'complete' && label !== 'failed' ? 'good' : 'warning'}
      data={{ 'data-label': label ?? undefined, 'data-label-problem': snapshot.label?.problem }}
      picture={outcome === 'nothing' ? <StopPhonePicture /> : <CheckPicture />}
      title={outcome === 'nothing' ? t('screens.done.nothingTitle') : t('screens.done.title')}
      actions={
        <BigButton
          label={t('actions.finish')}
          icon="finish"
          variant="primary"
          action="finish"
          onPress={() => send({ type: 'FINISH' })}
        />
      }
    >
      {outcome !== 'complete' && dispense ? (
        <div
          className="notice"
          data-partial-given={dispense.given}
          data-partial-requested={dispense.requested}
        >
          <p className="notice__main">
            {dispense.given === 0
              ? t('screens.done.none', { requested: dispense.requested })
              : t('screens.done.partial', { count: dispense.given, requested: dispense.requested })}
          </p>
          {uncertain > 0 && <p>{t('screens.done.uncertain', { count: uncertain })}</p>}
          <p>{t('screens.done.pharmacistTold')}</p>
        </div>
      ) : (
        <p className="screen__message">{t('screens.done.message')}</p>
      )}
      {label === 'printed' && <p className="screen__message">{t('screens.done.labelPrinted')}</p>}
      {label === 'printing' && (
        <p className="screen__hint" role="status">
          {t('screens.done.labelPrinting')}
        </p>
      )}
      {label === 'failed' && (
        <p className="notice notice--single" role="alert">
          {t('screens.done.labelFailed')}
        </p>
      )}
    </ScreenLayout>
  );
}
