import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../components/BigButton';
import { ScreenLayout } from '../components/ScreenLayout';
import { counsellingFor, type CounsellingAdvice } from '../counselling/counselling';
import { Pictogram } from '../pictures/Pictogram';
import { CancelButton } from './CancelButton';
import type { ScreenProps } from './screen-props';

function AdviceList({ advice }: { advice: CounsellingAdvice[] }) {
  const { t } = useTranslation();
  if (advice.length === 0) return null;
  return (
    <ul className="advice">
      {advice.map((item) => (
        <li key={item.text} className="advice__item" data-pictogram={item.pictogram ?? ''}>
          {item.pictogram && <Pictogram id={item.pictogram} />}
          <span>{t(item.text)}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * Counselling before the medicine is given (DESIGN §1: "hear/see counselling and accept it"):
 * what the medicine is for, how to take it (the prescriber's dose, then the catalogue's advice)
 * and the main warnings, each with a pictogram, and the packs about to come. "I understand"
 * sends CONFIRM; Help is in the settings bar for a patient who does not.
 */
export function ConfirmScreen({ snapshot, send }: ScreenProps) {
  const { t } = useTranslation();
  const order = snapshot.order;
  const counselling = counsellingFor(order?.codes);
  const purposeId = useId();
  const howId = useId();
  const warningsId = useId();
  return (
    <ScreenLayout
      screen="confirm"
      title={t('screens.confirm.title')}
      data={{ 'data-counselling': order ? counselling.entry : undefined }}
      actions={
        <>
          <CancelButton send={send} />
          {order && (
            <BigButton
              label={t('actions.understand')}
              icon="confirm"
              variant="confirm"
              action="confirm"
              onPress={() => send({ type: 'CONFIRM' })}
            />
          )}
        </>
      }
    >
      {order && (
        <div className="counselling">
          <p className="counselling__medication order__medication">{order.medication}</p>
          <section className="counselling__part" aria-labelledby={purposeId}>
            <h2 id={purposeId} className="counselling__heading">
              {t('screens.confirm.purpose')}
            </h2>
            <p className="counselling__purpose">{t(counselling.purpose)}</p>
          </section>
          <section className="counselling__part" aria-labelledby={howId}>
            <h2 id={howId} className="counselling__heading">
              {t('screens.confirm.dose')}
            </h2>
            <p className="counselling__dose">{order.dose}</p>
            <AdviceList advice={counselling.how} />
            <p className="order__packs">{t('screens.confirm.packCount', { count: order.packs })}</p>
          </section>
          <section
            className="counselling__part counselling__part--warnings"
            aria-labelledby={warningsId}
          >
            <h2 id={warningsId} className="counselling__heading">
              {t('screens.confirm.warnings')}
            </h2>
            <AdviceList advice={counselling.warnings} />
          </section>
        </div>
      )}
      {order && (
        <p className="screen__hint counselling__question">{t('screens.confirm.question')}</p>
      )}
    </ScreenLayout>
  );
}
