import { useTranslation } from 'react-i18next';
import { SHORT_CODE_DIGITS, SHORT_CODE_LETTERS } from '../screens/short-code';

/**
 * The keypad for the short code: the digits in one row, then the letters A–Z in alphabetical
 * order (easier to find than a typewriter layout for someone who rarely types), and delete.
 * Every key is far above the 48 px minimum; the letters are named by themselves.
 */
export function CodeKeypad({
  onKey,
  onDelete,
  disabled = false,
}: {
  onKey: (character: string) => void;
  onDelete: () => void;
  /** While the code is being checked: the keys show but do nothing. */
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="code-keypad" role="group" aria-label={t('codeKeypad.label')}>
      {[...SHORT_CODE_DIGITS, ...SHORT_CODE_LETTERS].map((k) => (
        <button
          key={k}
          type="button"
          className={`code-keypad__key${/\d/.test(k) ? ' code-keypad__key--digit' : ''}`}
          data-key={k}
          disabled={disabled}
          onClick={() => onKey(k)}
        >
          {k}
        </button>
      ))}
      <button
        type="button"
        className="code-keypad__key code-keypad__key--delete"
        data-key="delete"
        disabled={disabled}
        onClick={onDelete}
        aria-label={t('codeKeypad.delete')}
      >
        ⌫
      </button>
    </div>
  );
}
