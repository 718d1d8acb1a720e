import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../contracts/bridge';
import { LanguageChoice } from './LanguageChoice';
import { ToolIcon } from './ToolIcon';

/**
 * The attract screen's language choice, for a patient who realises on a later screen that they
 * would rather read another language. A modal <dialog> (opened with showModal) keeps the screen
 * behind it out of reach until a language is chosen or the dialog is closed.
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
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="language-dialog"
      aria-labelledby={titleId}
      data-dialog="language"
      onCancel={(event) => {
        // Escape: let React state close it, so the two never disagree.
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId} className="language-dialog__title">
        {t('language.choose')}
      </h2>
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
    </dialog>
  );
}
