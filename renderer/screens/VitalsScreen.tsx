import { useTranslation } from 'react-i18next';
import type { VitalsView } from '../../contracts/bridge';
import { BigButton } from '../components/BigButton';
import { PlethWave } from '../components/PlethWave';
import { PressureDial } from '../components/PressureDial';
import { ScreenLayout } from '../components/ScreenLayout';
import { VitalsReadings } from '../components/VitalsReadings';
import { CheckPicture } from '../pictures/CheckPicture';
import { CuffPicture } from '../pictures/CuffPicture';
import { FingerClipPicture } from '../pictures/FingerClipPicture';
import { Spinner } from '../pictures/Spinner';
import { StopPhonePicture } from '../pictures/StopPhonePicture';
import { VERDICT_TEXT, vitalsVerdict } from '../vitals/vitals-verdict';
import { CancelButton } from './CancelButton';
import type { ScreenProps } from './screen-props';

type Measurement = NonNullable<VitalsView['measurement']>;
type Hint = NonNullable<VitalsView['hint']>;

function isSignalHint(hint: Hint): hint is 'searching' | 'signalOk' | 'lowPerfusion' {
  return hint === 'searching' || hint === 'signalOk' || hint === 'lowPerfusion';
}

function PlacementPicture({ measurement }: { measurement: Measurement }) {
  return measurement === 'bp' ? <CuffPicture /> : <FingerClipPicture />;
}

/** What to do, step by step, for the measurement about to start. */
function Instructions({ measurement }: { measurement: Measurement }) {
  const { t } = useTranslation();
  const steps =
    measurement === 'bp'
      ? (['sit', 'cuff', 'still', 'start'] as const).map((s) => t(`screens.vitals.bp.${s}`))
      : (['finger', 'still', 'start'] as const).map((s) => t(`screens.vitals.spo2.${s}`));
  return (
    <ol className="instructions">
      {steps.map((text) => (
        <li key={text}>{text}</li>
      ))}
    </ol>
  );
}

/** The live part while measuring: the cuff's pressure dial, or the oximeter's pulse wave. */
function LiveMeasurement({ view, language }: { view: VitalsView; language: string }) {
  const { t } = useTranslation();
  if (view.measurement === 'bp') {
    const number = new Intl.NumberFormat(language);
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
                ? t('screens.vitals.bp.measuring')
                : t('screens.vitals.bp.dial', { pressure: Math.round(pressure) })
            }
          />
        </div>
        {view.cuffPhase && (
          <p className="screen__message" data-cuff-phase={view.cuffPhase}>
            {t(`screens.vitals.bp.${view.cuffPhase}`)}
          </p>
        )}
        <p className="screen__hint">{t('screens.vitals.bp.measuring')}</p>
      </>
    );
  }
  const hint = view.hint;
  const hintText =
    hint === null
      ? t('screens.vitals.spo2.measuring')
      : isSignalHint(hint)
        ? t(`screens.vitals.hints.${hint}`)
        : t(`screens.vitals.retry.${hint}`);
  const disturbed = hint !== null && !isSignalHint(hint);
  return (
    <>
      <div className="vitals-live">
        <PlethWave samples={view.pleth} label={`${t('screens.vitals.spo2.wave')}: ${hintText}`} />
      </div>
      <p
        className={disturbed ? 'notice notice--single' : 'screen__message'}
        role="status"
        data-hint={hint ?? ''}
      >
        {hintText}
      </p>
      {hint !== null && <p className="screen__hint">{t('screens.vitals.spo2.measuring')}</p>}
    </>
  );
}

/**
 * The health check the prescription asks for (DESIGN §3 `vitals`), drawn from `snapshot.vitals`:
 * getting the device ready, how to put on the cuff or clip (with a picture) and Start, the live
 * measurement (pressure dial or pulse wave, with hints), the retry prompt in plain words, and the
 * result. Main decides every step; Start sends START_MEASURE and Next (only when the readings
 * are within the prescription's limits) sends CONFIRM.
 */
export function VitalsScreen({ snapshot, send }: ScreenProps) {
  const { t } = useTranslation();
  const view = snapshot.vitals;
  const phase = view?.phase ?? 'connecting';
  const measurement = view?.measurement ?? null;
  const verdict = vitalsVerdict(view);

  const title =
    phase === 'retry'
      ? t('screens.vitals.retryTitle')
      : phase === 'stopping'
        ? t('screens.vitals.stoppingTitle')
        : phase === 'done'
          ? t('screens.vitals.doneTitle')
          : measurement
            ? t(`screens.vitals.${measurement}.title`)
            : t('screens.vitals.title');

  const picture =
    phase === 'connecting' || phase === 'stopping' ? (
      <Spinner />
    ) : (phase === 'instructions' || phase === 'retry') && measurement ? (
      <PlacementPicture measurement={measurement} />
    ) : phase === 'done' ? (
      verdict === 'in_range' ? (
        <CheckPicture />
      ) : (
        <StopPhonePicture />
      )
    ) : undefined;

  const actions =
    phase === 'instructions' && measurement ? (
      <>
        <CancelButton send={send} />
        <BigButton
          label={t('actions.startMeasure')}
          icon="start"
          variant="confirm"
          action="start-measure"
          onPress={() => send({ type: 'START_MEASURE' })}
        />
      </>
    ) : phase === 'done' && verdict === 'in_range' ? (
      <>
        <CancelButton send={send} />
        <BigButton
          label={t('actions.next')}
          icon="confirm"
          variant="confirm"
          action="confirm"
          onPress={() => send({ type: 'CONFIRM' })}
        />
      </>
    ) : (
      <CancelButton send={send} />
    );

  return (
    <ScreenLayout
      screen="vitals"
      tone={
        phase === 'retry' || (verdict !== null && verdict !== 'in_range')
          ? 'warning'
          : verdict === 'in_range'
            ? 'good'
            : 'calm'
      }
      picture={picture}
      title={title}
      data={{
        'data-vitals-phase': phase,
        'data-measurement': measurement ?? undefined,
        'data-vitals-verdict': verdict ?? undefined,
      }}
      actions={actions}
    >
      {view && view.steps > 1 && phase !== 'done' && (
        <p className="screen__eyebrow" data-vitals-step={view.step}>
          {t('screens.vitals.step', { step: view.step, steps: view.steps })}
        </p>
      )}
      {phase === 'connecting' && (
        <p className="screen__message" role="status">
          {measurement
            ? t(`screens.vitals.${measurement}.connecting`)
            : t('screens.vitals.connecting')}
        </p>
      )}
      {phase === 'instructions' && measurement && (
        <>
          {view?.retryCause && (
            <p className="notice notice--single" data-retry-cause={view.retryCause}>
              {t(`screens.vitals.retry.${view.retryCause}`)}
            </p>
          )}
          <Instructions measurement={measurement} />
        </>
      )}
      {phase === 'measuring' && view && measurement && (
        <LiveMeasurement view={view} language={snapshot.language} />
      )}
      {phase === 'retry' && view && (
        <div className="notice" role="alert" data-retry-cause={view.retryCause ?? ''}>
          {view.retryCause && (
            <p className="notice__main">{t(`screens.vitals.retry.${view.retryCause}`)}</p>
          )}
          <p data-attempt={view.attempt} data-max-attempts={view.maxAttempts}>
            {t('screens.vitals.attempt', {
              attempt: view.attempt,
              maxAttempts: view.maxAttempts,
            })}
          </p>
        </div>
      )}
      {phase === 'stopping' && (
        <p className="screen__message" role="status">
          {t('screens.vitals.stopping')}
        </p>
      )}
      {phase === 'done' && view && (
        <>
          <VitalsReadings view={view} />
          {verdict === 'in_range' ? (
            <p className="screen__message">{t('screens.vitals.inRange')}</p>
          ) : (
            verdict && (
              <div className="notice" role="alert">
                <p className="notice__main">{t(VERDICT_TEXT[verdict])}</p>
                {verdict !== 'cancelled' && <p>{t('help.touchHelp')}</p>}
              </div>
            )
          )}
        </>
      )}
    </ScreenLayout>
  );
}
