import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { DispenserSlotView } from '../../../../contracts/technician/dispenser';
import { BigButton } from '../../../components/BigButton';
import { Dialog } from '../../../components/Dialog';

/**
 * Asked before a rotate: a pack may drop, and it is recorded as a stock adjustment, not a
 * dispense. A modal Dialog keeps the panel behind out of reach; Escape cancels.
 */
export function RotateConfirmDialog({
  slot,
  onConfirm,
  onCancel,
}: {
  slot: DispenserSlotView;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const messageId = useId();
  return (
    <Dialog
      name="dispenser-rotate"
      className="dispenser-dialog"
      title={t('technician.tools.dispenser.confirm.title', { slot: slot.slot })}
      describedBy={messageId}
      onCancel={onCancel}
    >
      <div id={messageId}>
        <p className="dispenser-dialog__message">
          {t('technician.tools.dispenser.confirm.message')}
        </p>
        <p className="dispenser-dialog__pack">
          {slot.next
            ? t('technician.tools.dispenser.confirm.expected', {
                gtin: slot.next.gtin,
                lot: slot.next.lot,
                expiry: slot.next.expiry,
              })
            : t('technician.tools.dispenser.confirm.empty')}
        </p>
      </div>
      <div className="dispenser-dialog__actions">
        <BigButton
          label={t('technician.tools.dispenser.confirm.cancel')}
          icon="cancel"
          variant="cancel"
          action="dispenser-rotate-cancel"
          onPress={onCancel}
        />
        <BigButton
          label={t('technician.tools.dispenser.confirm.rotate')}
          icon="confirm"
          variant="confirm"
          action="dispenser-rotate-confirm"
          onPress={onConfirm}
        />
      </div>
    </Dialog>
  );
}
