import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../components/BigButton';
import { DigitKeypad } from '../components/DigitKeypad';
import { ScreenLayout } from '../components/ScreenLayout';
import { CancelButton } from './CancelButton';
import type { ScreenProps } from './screen-props';

const BIRTH_DATE_DIGITS = 8; // DD MM YYYY
const PIN_DIGITS = 6;

/** DDMMYYYY → YYYY-MM-DD; the schema in main checks it is a date shape. */
function toIsoDate(digits: string): string {
  return `${digits.slice(4, 8)}-${digits.slice(2, 4)}-${digits.slice(0, 2)}`;
}

/**
 * DDMMYYYY as a Date (UTC midnight) when it names a real day, so it can be read back in words;
 * undefined for something like 31 02, which would otherwise be shown as a different day.
 */
export function birthDateOf(digits: string): Date | undefined {
  if (!/^\d{8}$/.test(digits)) return undefined;
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const year = Number(digits.slice(4, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
    ? date
    : undefined;
}

/**
 * The patient check (prescription-token.md §4 step 12): date of birth, then the 6-digit PIN,
 * each on a big keypad. The answer goes to main once and is forgotten here (the screen is left
 * while main checks, so a wrong try starts again empty); main says only "wrong" and how many
 * tries are left, never which part was wrong. On the PIN step the date is read back in words
 * (in the patient's language, through Intl), so a day and month typed the wrong way round show.
 */
export function IdentifyScreen({ snapshot, send }: ScreenProps) {
  const { t } = useTranslation();
  const [step, setStep] = useState<'birthDate' | 'pin'>('birthDate');
  const [birthDigits, setBirthDigits] = useState('');
  const [pin, setPin] = useState('');
  const digits = step === 'birthDate' ? birthDigits : pin;
  const max = step === 'birthDate' ? BIRTH_DATE_DIGITS : PIN_DIGITS;
  const setDigits = step === 'birthDate' ? setBirthDigits : setPin;
  const complete = digits.length === max;
  const birthDate = step === 'pin' ? birthDateOf(birthDigits) : undefined;

  const next = () => {
    if (!complete) return;
    if (step === 'birthDate') {
      setStep('pin');
      return;
    }
    send({ type: 'PATIENT_CHECK', birthDate: toIsoDate(birthDigits), pin });
  };

  const boxes =
    step === 'birthDate'
      ? [
          { label: t('screens.identify.day'), from: 0, to: 2 },
          { label: t('screens.identify.month'), from: 2, to: 4 },
          { label: t('screens.identify.year'), from: 4, to: 8 },
        ]
      : [{ label: t('screens.identify.pin'), from: 0, to: PIN_DIGITS }];

  return (
    <ScreenLayout
      screen="identify"
      tone={snapshot.identify?.lastWrong ? 'warning' : 'calm'}
      title={
        step === 'birthDate' ? t('screens.identify.birthDateTitle') : t('screens.identify.pinTitle')
      }
      controls={
        <>
          <div className="entry" data-step={step}>
            {boxes.map((box) => (
              <div key={box.label} className="entry__field">
                <span className="entry__label">{box.label}</span>
                <span className="entry__value" aria-live="polite">
                  {Array.from({ length: box.to - box.from }, (_, i) => {
                    const d = digits[box.from + i];
                    return step === 'pin' ? (d ? '●' : '○') : (d ?? '_');
                  }).join(' ')}
                </span>
              </div>
            ))}
          </div>
          <DigitKeypad
            onDigit={(d) => setDigits((v) => (v.length < max ? v + d : v))}
            onDelete={() => setDigits((v) => v.slice(0, -1))}
          />
        </>
      }
      actions={
        <>
          <CancelButton send={send} />
          <BigButton
            label={step === 'birthDate' ? t('actions.next') : t('actions.confirm')}
            icon="confirm"
            variant="confirm"
            action={step === 'birthDate' ? 'next' : 'confirm'}
            onPress={next}
          />
        </>
      }
    >
      {snapshot.identify?.lastWrong && (
        <p className="notice" role="alert" data-attempts-left={snapshot.identify.attemptsLeft}>
          {t('screens.identify.wrong', { count: snapshot.identify.attemptsLeft })}
        </p>
      )}
      {birthDate ? (
        <p className="screen__hint" data-birth-date-readback="">
          {t('screens.identify.birthDateIs', { date: birthDate })}
        </p>
      ) : (
        <p className="screen__hint">{t('screens.identify.message')}</p>
      )}
    </ScreenLayout>
  );
}
