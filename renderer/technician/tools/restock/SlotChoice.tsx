import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiEvent } from '../../../../contracts/bridge';
import type { RestockSlotView } from '../../../../contracts/technician/restock';

/**
 * One big button per slot of the hardware config, each saying what the slot holds. The number of
 * packs shows only once the slot was counted: before, it would give the blind count away.
 */
export function SlotChoice({
  slots,
  send,
}: {
  slots: readonly RestockSlotView[];
  send: (event: UiEvent) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="restock-section" aria-labelledby={headingId}>
      <h3 className="restock-section__title" id={headingId}>
        {t('technician.tools.restock.slots.title')}
      </h3>
      <p className="tech-card__about">{t('technician.tools.restock.slots.about')}</p>
      <div className="restock-slots">
        {slots.map((slot) => {
          const { recalled, expired, expiring_soon: soon } = slot.toRemove;
          const flagged = recalled + expired + soon > 0;
          return (
            <button
              key={slot.slot}
              type="button"
              className="restock-slot"
              data-restock-slot={slot.slot}
              data-flagged={String(flagged)}
              onClick={() => send({ type: 'TECH_RESTOCK_CHOOSE_SLOT', slot: slot.slot })}
            >
              <span className="restock-slot__name">
                {t('technician.tools.restock.slots.slot', { slot: slot.slot })}
              </span>
              <span className="restock-slot__gtin">
                {slot.medication ?? slot.gtin ?? t('technician.tools.restock.slots.empty')}
              </span>
              <span>
                {slot.packs === null
                  ? `${t('technician.tools.restock.slots.capacity', { capacity: slot.capacity })} · ${t('technician.tools.restock.slots.notCounted')}`
                  : t('technician.tools.restock.slots.packs', {
                      packs: slot.packs,
                      capacity: slot.capacity,
                    })}
              </span>
              {flagged ? (
                <span className="restock-slot__flags">
                  <span aria-hidden="true">⚠ </span>
                  {[
                    recalled > 0 && t('technician.tools.restock.slots.recalled', { n: recalled }),
                    expired > 0 && t('technician.tools.restock.slots.expired', { n: expired }),
                    soon > 0 && t('technician.tools.restock.slots.expiringSoon', { n: soon }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              ) : (
                <span className="restock-slot__ok">
                  {t('technician.tools.restock.slots.allGood')}
                </span>
              )}
            </button>
          );
        })}
      </div>
    </section>
  );
}
