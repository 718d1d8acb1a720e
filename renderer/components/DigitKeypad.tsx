import { useTranslation } from 'react-i18next';

/**
 * A large number pad: 0–9 plus "delete". Buttons far above the 48 px minimum, laid out like a
 * phone keypad, which most patients know even if they read little.
 */
export function DigitKeypad({
  onDigit,
  onDelete,
}: {
  onDigit: (digit: string) => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
  return (
    <div className="keypad" role="group" aria-label={t('keypad.label')}>
      {keys.map((k) => (
        <button key={k} type="button" className="keypad__key" onClick={() => onDigit(k)}>
          {k}
        </button>
      ))}
      <button type="button" className="keypad__key keypad__key--zero" onClick={() => onDigit('0')}>
        0
      </button>
      <button
        type="button"
        className="keypad__key keypad__key--delete"
        onClick={onDelete}
        aria-label={t('keypad.delete')}
      >
        ⌫
      </button>
    </div>
  );
}
