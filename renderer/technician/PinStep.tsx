import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TechnicianView, UiEvent } from '../../contracts/bridge';
import { BigButton } from '../components/BigButton';
import { DigitKeypad } from '../components/DigitKeypad';
import { ScreenLayout } from '../components/ScreenLayout';
import { TechStep } from './TechStep';

/** TECH_SUBMIT_PIN accepts 4 to 12 digits (contracts/bridge.ts). */
export const TECH_PIN_MIN = 4;
export const TECH_PIN_MAX = 12;

/**
 * The technician's PIN on the big keypad, shown only as dots. The digits are kept in a ref, not
 * in state: only their count is rendered, and the PIN leaves this screen once, inside
 * TECH_SUBMIT_PIN, which also empties it. Main answers a wrong PIN with `lastWrong` and the tries
 * left before the badge locks; the screen remounts then (keyed by the tries left), so the next
 * try starts empty.
 */
export function PinStep({ view, send }: { view: TechnicianView; send: (event: UiEvent) => void }) {
  const { t } = useTranslation();
  const typed = useRef('');
  const [count, setCount] = useState(0);
  const update = (next: string) => {
    typed.current = next;
    setCount(next.length);
  };
  const submit = () => {
    const pin = typed.current;
    if (pin.length < TECH_PIN_MIN) return;
    update('');
    send({ type: 'TECH_SUBMIT_PIN', pin });
  };
  const dots = [...'●'.repeat(count), ...'○'.repeat(Math.max(0, TECH_PIN_MIN - count))].join(' ');
  return (
    <ScreenLayout
      screen="technician"
      tone={view.lastWrong ? 'warning' : 'calm'}
      title={t('technician.pin.title')}
      controls={
        <>
          <div className="entry">
            <div className="entry__field">
              <span className="entry__label">{t('technician.pin.label')}</span>
              <span className="entry__value" aria-live="polite" data-pin-length={count}>
                {dots}
              </span>
            </div>
          </div>
          <DigitKeypad
            onDigit={(digit) => {
              if (typed.current.length < TECH_PIN_MAX) update(typed.current + digit);
            }}
            onDelete={() => update(typed.current.slice(0, -1))}
          />
        </>
      }
      actions={
        <>
          <BigButton
            label={t('actions.cancel')}
            icon="cancel"
            variant="cancel"
            action="tech-cancel"
            onPress={() => send({ type: 'TECH_CANCEL' })}
          />
          <BigButton
            label={t('actions.confirm')}
            icon="confirm"
            variant="confirm"
            action="tech-submit-pin"
            disabled={count < TECH_PIN_MIN}
            onPress={submit}
          />
        </>
      }
    >
      <TechStep step="pin" data={{ 'data-last-wrong': String(view.lastWrong) }}>
        {view.technician && (
          <p className="screen__message" data-technician={view.technician.technicianId}>
            {t('technician.pin.who', { name: view.technician.name })}
          </p>
        )}
        {view.lastWrong && view.attemptsLeft !== null && (
          <p className="notice notice--single" role="alert" data-attempts-left={view.attemptsLeft}>
            {t('technician.pin.wrong', { count: view.attemptsLeft })}
          </p>
        )}
        <p className="screen__hint">{t('technician.pin.hint')}</p>
      </TechStep>
    </ScreenLayout>
  );
}
