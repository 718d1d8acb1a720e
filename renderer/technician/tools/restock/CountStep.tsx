import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiEvent } from '../../../../contracts/bridge';
import { BigButton } from '../../../components/BigButton';
import { DigitKeypad } from '../../../components/DigitKeypad';

/** TECH_RESTOCK_COUNT takes 0–999 packs. */
const MAX_DIGITS = 3;

/**
 * The blind count: the technician types what they count in the slot. The records' number is not
 * in the view yet (main adds it once SLOT_COUNTED is journaled), so nothing here can show it.
 */
export function CountStep({
  slot,
  busy,
  send,
}: {
  slot: number;
  busy: boolean;
  send: (event: UiEvent) => void;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  return (
    <div className="restock-count" data-restock-step="count">
      <h3 className="restock-section__title">{t('technician.tools.restock.count.title')}</h3>
      <p className="screen__message">{t('technician.tools.restock.count.prompt', { slot })}</p>
      <div className="entry">
        <div className="entry__field">
          <span className="entry__label">{t('technician.tools.restock.count.label')}</span>
          <span className="entry__value" aria-live="polite" data-counted={typed}>
            {typed === '' ? '–' : typed}
          </span>
        </div>
      </div>
      <DigitKeypad
        onDigit={(digit) => {
          if (typed.length < MAX_DIGITS) setTyped(typed === '0' ? digit : typed + digit);
        }}
        onDelete={() => setTyped(typed.slice(0, -1))}
      />
      <div className="tech-card__actions">
        <BigButton
          label={t('technician.tools.restock.count.confirm')}
          icon="confirm"
          variant="confirm"
          action="restock-count"
          disabled={typed === '' || busy}
          onPress={() => send({ type: 'TECH_RESTOCK_COUNT', counted: Number(typed) })}
        />
      </div>
    </div>
  );
}
