import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiEvent } from '../../../../contracts/bridge';
import type { DropSensorView } from '../../../../contracts/technician/dispenser';
import { BigButton } from '../../../components/BigButton';
import { OutcomeIcon, type OutcomeShape } from './OutcomeIcon';

const SHAPES: Record<DropSensorView['state'], OutcomeShape> = {
  ok: 'ok',
  blocked: 'fail',
  disabled: 'warn',
  unknown: 'warn',
};

/** The drop-sensor check: one button, then the state in a word with its shape, and the reason. */
export function DropSensorCard({
  dropSensor,
  send,
}: {
  dropSensor: DropSensorView | null;
  send: (event: UiEvent) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="tech-card dispenser-card" aria-labelledby={headingId}>
      <h3 className="tech-card__title" id={headingId}>
        {t('technician.tools.dispenser.dropSensor.title')}
      </h3>
      <p className="tech-card__about">{t('technician.tools.dispenser.dropSensor.about')}</p>
      <div className="tech-card__actions">
        <BigButton
          label={t('technician.tools.dispenser.dropSensor.check')}
          icon="start"
          variant="secondary"
          action="dispenser-drop-sensor-check"
          onPress={() => send({ type: 'TECH_DISPENSER_DROP_SENSOR_CHECK' })}
        />
      </div>
      {dropSensor && (
        <div
          className={`dispenser-result dispenser-result--${SHAPES[dropSensor.state]}`}
          role="status"
          data-drop-sensor={dropSensor.state}
          data-reason={dropSensor.reason}
        >
          <p className="dispenser-result__words">
            <OutcomeIcon shape={SHAPES[dropSensor.state]} />
            <strong>{t(`technician.tools.dispenser.dropSensor.states.${dropSensor.state}`)}</strong>
          </p>
          <p className="tech-card__about">
            {t(`technician.tools.dispenser.dropSensor.reasons.${dropSensor.reason}`, {
              slot: dropSensor.slot ?? '?',
            })}
          </p>
        </div>
      )}
    </section>
  );
}
