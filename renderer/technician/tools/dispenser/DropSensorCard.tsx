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

/**
 * The drop-sensor check: one button, then the state in a word with its shape, the reason, and
 * what the board said about its setting (or why it was not asked).
 */
export function DropSensorCard({
  dropSensor,
  checking,
  send,
}: {
  dropSensor: DropSensorView | null;
  checking: boolean;
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
          disabled={checking}
          onPress={() => send({ type: 'TECH_DISPENSER_DROP_SENSOR_CHECK' })}
        />
      </div>
      {checking && (
        <p className="tech-card__about" role="status" data-drop-sensor-check="checking">
          {t('technician.tools.dispenser.dropSensor.checking')}
        </p>
      )}
      {dropSensor && !checking && (
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
          <BoardSetting dropSensor={dropSensor} />
        </div>
      )}
    </section>
  );
}

/** The board's own setting (0x70/0x71 type 0x42), or why the board was not asked. */
function BoardSetting({ dropSensor }: { dropSensor: DropSensorView }) {
  const { t } = useTranslation();
  const key = 'technician.tools.dispenser.dropSensor.board';
  const { board, boardError } = dropSensor;
  return (
    <div data-board-sensor={board?.sensor ?? 'not_read'}>
      <p className="tech-card__about">
        <strong>{t(`${key}.title`)}</strong>
      </p>
      {board ? (
        <>
          <p className="tech-card__about">
            {t(`${key}.sensor.${board.sensor}`, { slot: board.slot })}
          </p>
          <p className="tech-card__about" data-after-jam={board.afterJam}>
            {t(`${key}.afterJam.${board.afterJam}`)}
          </p>
        </>
      ) : (
        <p className="tech-card__about" data-board-error={boardError ?? 'no_answer'}>
          {t(`${key}.errors.${boardError ?? 'no_answer'}`)}
        </p>
      )}
    </div>
  );
}
