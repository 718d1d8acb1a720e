import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from './BigButton';
import { IdleCountdown } from './IdleCountdown';
import { ToolIcon } from './ToolIcon';

/**
 * What the patient sees once help is asked for: when the pharmacist will call, and that they may
 * carry on or wait. A modal <dialog> (showModal moves the focus to its Close button and keeps the
 * screen behind out of reach); Close (and Escape) send CLOSE_HELP, and main, which owns whether
 * it is open, takes it away. The request itself stays queued. The idle warning is repeated inside
 * it, because the copy in the settings bar is under the dialog's backdrop.
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
  const titleId = useId();
  const messageId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="help-dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={messageId}
      data-dialog="help"
      onCancel={(event) => {
        // Escape: main decides when the dialog goes, so ask it rather than closing here.
        event.preventDefault();
        onClose();
      }}
    >
      <IdleCountdown seconds={idleSeconds} />
      <span className="help-dialog__icon">
        <ToolIcon name="help" />
      </span>
      <h2 id={titleId} className="help-dialog__title">
        {t('help.title')}
      </h2>
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
    </dialog>
  );
}
