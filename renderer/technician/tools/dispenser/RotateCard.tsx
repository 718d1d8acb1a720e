import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiEvent } from '../../../../contracts/bridge';
import type { DispenserToolView } from '../../../../contracts/technician/dispenser';
import { BigButton } from '../../../components/BigButton';
import { OutcomeIcon } from './OutcomeIcon';
import { RotateConfirmDialog } from './RotateConfirmDialog';
import { rotationKey, rotationShape } from './rotation-words';

/**
 * Rotate a slot: one button per slot of the hardware config with the stock the kiosk thinks is
 * in it, then Rotate, a confirmation, and the result in words with its shape. Which slot is
 * chosen and whether the confirmation is open are the renderer's; main does the drive.
 */
export function RotateCard({
  view,
  send,
}: {
  view: DispenserToolView;
  send: (event: UiEvent) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const [chosen, setChosen] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);
  const slot = view.slots.find((s) => s.slot === chosen) ?? null;
  const rotation = view.rotation;
  const running = rotation?.state === 'running';
  return (
    <section className="tech-card dispenser-card" aria-labelledby={headingId}>
      <h3 className="tech-card__title" id={headingId}>
        {t('technician.tools.dispenser.rotate.title')}
      </h3>
      <p className="tech-card__about">{t('technician.tools.dispenser.rotate.about')}</p>
      <div
        className="dispenser-slots"
        role="group"
        aria-label={t('technician.tools.dispenser.rotate.slots')}
      >
        {view.slots.map((s) => (
          <button
            key={s.slot}
            type="button"
            className="dispenser-slot"
            data-dispenser-slot={s.slot}
            aria-pressed={s.slot === chosen}
            onClick={() => setChosen(s.slot)}
          >
            <span className="dispenser-slot__name">
              {t('technician.tools.dispenser.rotate.slot', { slot: s.slot })}
            </span>
            <span data-stock={s.count}>
              {t('technician.tools.dispenser.rotate.stock', {
                count: s.count,
                capacity: s.capacity,
              })}
            </span>
            <span className="dispenser-slot__pack">
              {s.next
                ? t('technician.tools.dispenser.rotate.next', {
                    gtin: s.next.gtin,
                    lot: s.next.lot,
                    expiry: s.next.expiry,
                  })
                : t('technician.tools.dispenser.rotate.empty')}
            </span>
          </button>
        ))}
      </div>
      {view.link === 'down' && (
        <p className="notice notice--single tech-notice" role="alert">
          {t('technician.tools.dispenser.rotate.linkDown')}
        </p>
      )}
      <div className="tech-card__actions">
        <BigButton
          label={
            slot
              ? t('technician.tools.dispenser.rotate.button', { slot: slot.slot })
              : t('technician.tools.dispenser.rotate.choose')
          }
          icon="start"
          variant="primary"
          action="dispenser-rotate"
          disabled={!slot || running || view.link === 'down'}
          onPress={() => setConfirming(true)}
        />
      </div>
      {confirming && slot && (
        <RotateConfirmDialog
          slot={slot}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            send({ type: 'TECH_DISPENSER_ROTATE', slot: slot.slot });
          }}
        />
      )}
      {rotation && (
        <div
          className={`dispenser-result dispenser-result--${rotationShape(rotation)}`}
          role="status"
          data-rotation={rotation.state}
          data-outcome={rotation.outcome ?? undefined}
          data-refusal={rotation.refusal ?? undefined}
        >
          <p className="dispenser-result__words">
            <OutcomeIcon shape={rotationShape(rotation)} />
            <span>
              {t(`technician.tools.dispenser.${rotationKey(rotation)}`, { slot: rotation.slot })}
            </span>
          </p>
          {rotation.state === 'done' && rotation.intentSeq !== null && (
            <p className="tech-card__about">
              {t('technician.tools.dispenser.rotate.journal', {
                seq: rotation.intentSeq,
                removed: rotation.packsRemoved,
              })}
            </p>
          )}
          {rotation.statusCode !== null && (
            <p className="tech-card__about">
              {t('technician.tools.dispenser.rotate.statusCode', {
                code: `0x${rotation.statusCode.toString(16).padStart(2, '0')}`,
              })}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
