import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../contracts/bridge';
import { Dialog } from './Dialog';
import { LanguageChoice } from './LanguageChoice';
import { ToolIcon } from './ToolIcon';

/**
 * The attract screen's language choice, for a patient who realises on a later screen that they
 * would rather read another language. A modal Dialog keeps the screen behind it out of reach
 * until a language is chosen or the dialog is closed (Escape closes it too).
 */
export function LanguageDialog({
  current,
  onChoose,
  onClose,
}: {
  current: Language;
  onChoose: (language: Language) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <Dialog
      name="language"
      className="language-dialog"
      title={t('language.choose')}
      titleId={titleId}
      onCancel={onClose}
    >
      <LanguageChoice
        current={current}
        labelledBy={titleId}
        onChoose={(language) => {
          onChoose(language);
          onClose();
        }}
      />
      <button type="button" className="tool-button" data-tool="close" onClick={onClose}>
        <ToolIcon name="close" />
        <span>{t('language.close')}</span>
      </button>
    </Dialog>
  );
}
