import { useTranslation } from 'react-i18next';
import type { VitalsView } from '../../contracts/bridge';
import { BpScale } from './BpScale';

/**
 * The readings taken, in large numbers in the patient's language: blood pressure with its
 * category on the scale, oxygen and pulse. Shown when the check is done and again on the refusal
 * that may follow it, so the patient can tell the pharmacist what was measured.
 */
export function VitalsReadings({ view }: { view: VitalsView }) {
  const { t } = useTranslation();
  const { bp, spo2 } = view.readings;
  if (!bp && !spo2) return null;
  const pulse = bp?.pulse ?? spo2?.pulse;
  return (
    <div className="readings">
      <dl className="readings__list">
        {bp && (
          <div
            className="readings__row"
            data-reading="bp"
            data-value={`${bp.systolic}/${bp.diastolic}`}
          >
            <dt>{t('vitals.bp')}</dt>
            <dd>{t('vitals.bpValue', { systolic: bp.systolic, diastolic: bp.diastolic })}</dd>
          </div>
        )}
        {spo2 && (
          <div className="readings__row" data-reading="spo2" data-value={spo2.spo2}>
            <dt>{t('vitals.spo2')}</dt>
            <dd>{t('vitals.spo2Value', { spo2: spo2.spo2 / 100 })}</dd>
          </div>
        )}
        {pulse !== undefined && (
          <div className="readings__row" data-reading="pulse" data-value={pulse}>
            <dt>{t('vitals.pulse')}</dt>
            <dd>{t('vitals.pulseValue', { pulse })}</dd>
          </div>
        )}
      </dl>
      {bp && view.bpCategory && <BpScale category={view.bpCategory} />}
      {view.bpCategory === 'crisis' && (
        <p className="notice notice--single" role="alert">
          {t('vitals.crisis')}
        </p>
      )}
    </div>
  );
}
