import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from './BigButton';
import { Dialog } from './Dialog';
import { IdleCountdown } from './IdleCountdown';
import { ToolIcon } from './ToolIcon';

/**
 * What the patient sees once help is asked for: when the pharmacist will call, and that they may
 * carry on or wait. A modal Dialog (the focus goes to its Close button); Close and Escape send
 * CLOSE_HELP, and main, which owns whether it is open, takes it away. The request itself stays
 * queued. The idle warning is repeated inside it, because the copy in the settings bar is under
 * the dialog's backdrop.
 */
export function HelpDialog({
  minutes,
  onClose,
  idleSeconds,
}: {
  minutes: number;
  onClose: () => void;
  idleSeconds: number | undefined;
}) {
  const { t } = useTranslation();
  const messageId = useId();
  return (
    <Dialog
      name="help"
      className="help-dialog"
      title={t('help.title')}
      describedBy={messageId}
      onCancel={onClose}
      lead={
        <>
          <IdleCountdown seconds={idleSeconds} />
          <span className="help-dialog__icon">
            <ToolIcon name="help" />
          </span>
        </>
      }
    >
      <p id={messageId} className="help-dialog__message" data-call-within-minutes={minutes}>
        {t('help.message', { count: minutes })}
      </p>
      <BigButton
        label={t('help.close')}
        icon="close"
        variant="primary"
        action="close-help"
        onPress={onClose}
      />
    </Dialog>
  );
}
