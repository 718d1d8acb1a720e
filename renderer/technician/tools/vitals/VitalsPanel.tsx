import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TechnicianView, UiEvent } from '../../../../contracts/bridge';
import type { VitalsToolDevice, VitalsToolView } from '../../../../contracts/technician/vitals';
import { BigButton } from '../../../components/BigButton';
import { PlethWave } from '../../../components/PlethWave';
import { PressureDial } from '../../../components/PressureDial';
import { CheckIcon } from '../../CheckIcon';
import './vitals.css';

type Send = (event: UiEvent) => void;

const DEVICES: readonly VitalsToolDevice[] = ['oximeter', 'bpCuff'];

/** One device: its link as a dot of its own shape and a word, and the button that tests it. */
function DeviceChoice({
  id,
  view,
  send,
}: {
  id: VitalsToolDevice;
  view: VitalsToolView;
  send: Send;
}) {
  const { t } = useTranslation();
  const link = view.links[id];
  const usable = link === 'ready' || link === 'degraded';
  return (
    <li className={`tech-device tech-device--${link === 'not_configured' ? 'lost' : link}`}>
      <h3 className="tech-device__name">{t(`technician.tools.vitals.devices.${id}`)}</h3>
      <p className="tech-device__link" data-vitals-link={id} data-link={link}>
        <span className="tech-dot" aria-hidden="true" />
        {t('technician.tools.vitals.link')}: {t(`technician.tools.vitals.links.${link}`)}
      </p>
      <div className="tech-card__actions">
        <BigButton
          label={t(`technician.tools.vitals.measure.${id}`)}
          icon="start"
          variant="primary"
          action={`tech-vitals-measure-${id}`}
          disabled={!usable || view.phase === 'measuring'}
          onPress={() => send({ type: 'TECH_VITALS_MEASURE', device: id })}
        />
      </div>
    </li>
  );
}

/** The live gauge, the same the patient sees: the pulse wave, or the cuff's pressure dial. */
function LiveGauge({ view }: { view: VitalsToolView }) {
  const { t, i18n } = useTranslation();
  if (view.device === 'bpCuff') {
    const number = new Intl.NumberFormat(i18n.language);
    const pressure = view.pressureMmHg;
    return (
      <>
        <div className="vitals-live">
          <PressureDial
            pressure={pressure}
            cuffPhase={view.cuffPhase}
            unit={t('vitals.mmHg')}
            format={(value) => number.format(value)}
            label={
              pressure === null
                ? t('technician.tools.vitals.dialWaiting')
                : t('technician.tools.vitals.dial', { pressure: Math.round(pressure) })
            }
          />
        </div>
        {view.cuffPhase && (
          <p className="tech-card__about" data-cuff-phase={view.cuffPhase}>
            {t(`technician.tools.vitals.cuffPhases.${view.cuffPhase}`)}
          </p>
        )}
      </>
    );
  }
  const now = view.problem
    ? t(`technician.tools.vitals.problems.${view.problem}`)
    : view.signal
      ? t(`technician.tools.vitals.signal.${view.signal}`)
      : t('technician.tools.vitals.phases.measuring');
  return (
    <div className="vitals-live">
      <PlethWave samples={view.pleth} label={`${t('technician.tools.vitals.wave')}: ${now}`} />
    </div>
  );
}

/** The values measured: oxygen and pulse, or blood pressure, mean pressure and pulse. */
function Results({ view }: { view: VitalsToolView }) {
  const { t } = useTranslation();
  const row = (key: string, label: string, value: string, raw: string | number) => (
    <div className="readings__row" data-reading={key} data-value={raw} key={key}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  const rows = [];
  if (view.device === 'oximeter' && view.oximeter) {
    const { spo2, pulse } = view.oximeter;
    rows.push(
      row(
        'spo2',
        t('technician.tools.vitals.results.spo2'),
        t('vitals.spo2Value', { spo2: spo2 / 100 }),
        spo2,
      ),
      row(
        'pulse',
        t('technician.tools.vitals.results.pulse'),
        t('vitals.pulseValue', { pulse }),
        pulse,
      ),
    );
  }
  if (view.device === 'bpCuff' && view.bpCuff) {
    const { systolic, diastolic, map, pulse } = view.bpCuff;
    rows.push(
      row(
        'bp',
        t('technician.tools.vitals.results.bp'),
        t('vitals.bpValue', { systolic, diastolic }),
        `${systolic}/${diastolic}`,
      ),
      row('map', t('technician.tools.vitals.results.map'), `${map} ${t('vitals.mmHg')}`, map),
      row(
        'pulse',
        t('technician.tools.vitals.results.pulse'),
        t('vitals.pulseValue', { pulse }),
        pulse,
      ),
    );
  }
  if (rows.length === 0) return null;
  return (
    <div className="readings tech-vitals__results">
      <dl className="readings__list">{rows}</dl>
      {view.device === 'bpCuff' && view.bpCuff?.irregularPulse && (
        <p className="tech-card__about">{t('technician.tools.vitals.results.irregular')}</p>
      )}
    </div>
  );
}

/**
 * The technician panel's vitals tool (issue 9): each vitals device with its link and a button
 * that starts a test measurement through the same drivers as the patient's check, the same live
 * gauge (pulse wave or cuff dial), what disturbs it in words while it runs, then the values or
 * why there are none. Stop ends a measurement (the cuff deflates).
 */
export function VitalsPanel({ view, send }: { view: TechnicianView; send: Send }) {
  const { t } = useTranslation();
  const measurementId = useId();
  const vitals = view.tools.vitals;
  const { phase, device, problem } = vitals;
  const problemText = problem ? t(`technician.tools.vitals.problems.${problem}`) : null;
  return (
    <section className="tech-card tech-tool tech-vitals" data-tool="vitals" data-phase={phase}>
      <h2 className="tech-card__title">{t('technician.tools.vitals.title')}</h2>
      <p className="tech-card__about">{t('technician.tools.vitals.about')}</p>
      <ul className="tech-devices tech-vitals__devices">
        {DEVICES.map((id) => (
          <DeviceChoice key={id} id={id} view={vitals} send={send} />
        ))}
      </ul>

      <section
        className="tech-vitals__measurement"
        aria-labelledby={measurementId}
        data-device={device ?? ''}
        data-vitals-phase={phase}
        data-problem={problem ?? ''}
      >
        <h3 className="tech-vitals__heading" id={measurementId}>
          {device
            ? t(`technician.tools.vitals.devices.${device}`)
            : t('technician.tools.vitals.phases.idle')}
        </h3>
        {device && phase === 'measuring' && (
          <p className="tech-vitals__phase" role="status">
            {t(`technician.tools.vitals.phases.${phase}`)}
          </p>
        )}
        {phase === 'measuring' && (
          <>
            <LiveGauge view={vitals} />
            {problemText && (
              <p className="notice notice--single" data-now={problem}>
                {t('technician.tools.vitals.now', { problem: problemText })}
              </p>
            )}
            <div className="tech-card__actions">
              <BigButton
                label={t('technician.tools.vitals.stop')}
                icon="close"
                variant="cancel"
                action="tech-vitals-stop"
                onPress={() => send({ type: 'TECH_VITALS_STOP' })}
              />
            </div>
          </>
        )}
        {(phase === 'done' || phase === 'failed') && (
          <>
            <p
              className={`tech-summary tech-summary--${phase === 'done' && !problem ? 'pass' : 'fail'}`}
              role="status"
            >
              <CheckIcon passed={phase === 'done'} />
              {phase === 'done'
                ? problemText
                  ? t('technician.tools.vitals.retake', { problem: problemText })
                  : t('technician.tools.vitals.phases.done')
                : t('technician.tools.vitals.why', { problem: problemText ?? '' })}
            </p>
            <Results view={vitals} />
          </>
        )}
      </section>
    </section>
  );
}
