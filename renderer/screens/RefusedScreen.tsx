import { useTranslation } from 'react-i18next';
import { BigButton } from '../components/BigButton';
import { ScreenLayout } from '../components/ScreenLayout';
import { VitalsReadings } from '../components/VitalsReadings';
import { StopPhonePicture } from '../pictures/StopPhonePicture';
import { refusalKey } from '../refusal-reasons';
import { VERDICT_TEXT, vitalsVerdict } from '../vitals/vitals-verdict';
import type { ScreenProps } from './screen-props';

/**
 * The verifier's reason in plain words plus what to do next. The code itself is shown small, for
 * the phone call with the pharmacist; `detail` is technical and stays off the screen.
 *
 * Two refusals say more. After a health check that stopped the medicine (`vitals_required` with
 * the step's result), the readings are shown and the reason is the check's own (too high, or
 * could not be measured). When no fills are left and main offers a refill (`snapshot.refill`),
 * the patient can ask for one here, once; then the screen says the request went.
 */
export function RefusedScreen({ snapshot, send }: ScreenProps) {
  const { t } = useTranslation();
  const key = refusalKey(snapshot.refusal?.reason);
  const vitals = key === 'vitals_required' ? snapshot.vitals : undefined;
  const verdict = vitalsVerdict(vitals);
  // Only a check that stopped the medicine explains this refusal; otherwise the reason's own words.
  const stopped = verdict !== null && verdict !== 'in_range' ? verdict : null;
  const vitalsText = stopped ? VERDICT_TEXT[stopped] : null;
  const refill = snapshot.refill;
  return (
    <ScreenLayout
      screen="refused"
      tone="warning"
      picture={vitalsText ? undefined : <StopPhonePicture />}
      title={t('screens.refused.title')}
      data={{ 'data-refill': refill, 'data-vitals-verdict': stopped ?? undefined }}
      actions={
        <>
          <BigButton
            label={t('actions.ok')}
            icon="finish"
            variant="primary"
            action="finish"
            onPress={() => send({ type: 'FINISH' })}
          />
          {refill === 'available' && (
            <BigButton
              label={t('actions.requestRefill')}
              icon="refill"
              variant="confirm"
              action="request-refill"
              onPress={() => send({ type: 'REQUEST_REFILL' })}
            />
          )}
        </>
      }
    >
      {vitals && vitalsText && <VitalsReadings view={vitals} />}
      <p className="screen__message" data-refusal-reason={key}>
        {vitalsText ? t(vitalsText) : t(`refusal.${key}.reason`)}
      </p>
      <div className="notice" role={refill === 'requested' ? 'status' : undefined}>
        <p className="notice__label">{t('screens.refused.nextLabel')}</p>
        <p className="notice__main">
          {refill === 'requested'
            ? t('screens.refused.refillRequested')
            : refill === 'available'
              ? t('screens.refused.refillOffer')
              : vitalsText
                ? t('help.touchHelp')
                : t(`refusal.${key}.next`)}
        </p>
      </div>
      {snapshot.refusal && (
        <p className="screen__reference">
          {t('screens.refused.reference', { code: snapshot.refusal.reason })}
        </p>
      )}
    </ScreenLayout>
  );
}
