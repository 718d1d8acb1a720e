import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiEvent } from '../../../../contracts/bridge';
import type { DispenserToolView } from '../../../../contracts/technician/dispenser';
import { BigButton } from '../../../components/BigButton';
import { OutcomeIcon } from './OutcomeIcon';
import { Thermometer } from './Thermometer';

/**
 * Door, temperature, setpoint and the temperature controller from the board's latest machine
 * status (the cabinet monitor's own 0x51 polls, or Read now), as a thermometer and in words.
 */
export function CabinetCard({
  view,
  send,
}: {
  view: DispenserToolView;
  send: (event: UiEvent) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const cabinet = view.cabinet;
  const celsius = (value: number | null) =>
    value === null
      ? t('technician.tools.dispenser.cabinet.noSensor')
      : t('technician.tools.dispenser.cabinet.celsius', { value });
  const inBand =
    cabinet?.temperatureC != null &&
    cabinet.temperatureC >= view.band.minC &&
    cabinet.temperatureC <= view.band.maxC;
  return (
    <section
      className="tech-card dispenser-card"
      aria-labelledby={headingId}
      data-cabinet-read={view.cabinetRead}
    >
      <h3 className="tech-card__title" id={headingId}>
        {t('technician.tools.dispenser.cabinet.title')}
      </h3>
      <p className="tech-card__about">{t('technician.tools.dispenser.cabinet.about')}</p>
      {cabinet ? (
        <div className="dispenser-cabinet">
          <Thermometer
            temperatureC={cabinet.temperatureC}
            setpointC={cabinet.setpointC}
            band={view.band}
            label={t('technician.tools.dispenser.cabinet.gauge', {
              temperature: celsius(cabinet.temperatureC),
              min: view.band.minC,
              max: view.band.maxC,
            })}
          />
          <dl className="tech-facts dispenser-cabinet__facts">
            <div className="tech-facts__row" data-door={cabinet.door}>
              <dt>{t('technician.tools.dispenser.cabinet.door')}</dt>
              <dd className="dispenser-fact">
                <OutcomeIcon shape={cabinet.door === 'closed' ? 'ok' : 'warn'} />
                {t(`technician.tools.dispenser.cabinet.doorStates.${cabinet.door}`)}
              </dd>
            </div>
            <div className="tech-facts__row" data-temperature={cabinet.temperatureC ?? 'none'}>
              <dt>{t('technician.tools.dispenser.cabinet.temperature')}</dt>
              <dd className="dispenser-fact">
                <OutcomeIcon shape={inBand ? 'ok' : 'warn'} />
                {celsius(cabinet.temperatureC)}
                {' · '}
                {inBand
                  ? t('technician.tools.dispenser.cabinet.inBand')
                  : t('technician.tools.dispenser.cabinet.outsideBand')}
              </dd>
            </div>
            <div className="tech-facts__row">
              <dt>{t('technician.tools.dispenser.cabinet.setpoint')}</dt>
              <dd>{celsius(cabinet.setpointC)}</dd>
            </div>
            <div className="tech-facts__row" data-controller={cabinet.temperatureControl}>
              <dt>{t('technician.tools.dispenser.cabinet.controller')}</dt>
              <dd className="dispenser-fact">
                <OutcomeIcon shape={cabinet.temperatureControl === 'ok' ? 'ok' : 'fail'} />
                {t(
                  `technician.tools.dispenser.cabinet.controllerStates.${cabinet.temperatureControl}`,
                )}
              </dd>
            </div>
          </dl>
          <p className="tech-card__about dispenser-cabinet__meta">
            {t('technician.tools.dispenser.cabinet.band', {
              min: view.band.minC,
              max: view.band.maxC,
            })}
            {' · '}
            {t('technician.tools.dispenser.cabinet.readAt', { time: new Date(cabinet.at) })}
          </p>
        </div>
      ) : (
        <p className="tech-card__about">{t('technician.tools.dispenser.cabinet.notYet')}</p>
      )}
      {view.cabinetRead === 'failed' && (
        <p className="notice notice--single tech-notice" role="alert">
          {t('technician.tools.dispenser.cabinet.failed')}
        </p>
      )}
      <div className="tech-card__actions">
        <BigButton
          label={
            view.cabinetRead === 'reading'
              ? t('technician.tools.dispenser.cabinet.reading')
              : t('technician.tools.dispenser.cabinet.read')
          }
          icon="start"
          variant="secondary"
          action="dispenser-read-cabinet"
          disabled={view.cabinetRead === 'reading'}
          onPress={() => send({ type: 'TECH_DISPENSER_READ_CABINET' })}
        />
      </div>
    </section>
  );
}
