import { useTranslation } from 'react-i18next';
import { BigButton } from '../components/BigButton';
import { ScreenLayout } from '../components/ScreenLayout';
import { CancelButton } from './CancelButton';
import type { ScreenProps } from './screen-props';

export function ConfirmScreen({ snapshot, send }: ScreenProps) {
  const { t } = useTranslation();
  const order = snapshot.order;
  return (
    <ScreenLayout
      screen="confirm"
      title={t('screens.confirm.title')}
      actions={
        <>
          <CancelButton send={send} />
          {order && (
            <BigButton
              label={t('actions.confirm')}
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
        <dl className="order">
          <div className="order__row">
            <dt>{t('screens.confirm.medication')}</dt>
            <dd className="order__medication">{order.medication}</dd>
          </div>
          <div className="order__row">
            <dt>{t('screens.confirm.dose')}</dt>
            <dd>{order.dose}</dd>
          </div>
          <div className="order__row">
            <dt>{t('screens.confirm.packs')}</dt>
            <dd className="order__packs">
              {t('screens.confirm.packCount', { count: order.packs })}
            </dd>
          </div>
        </dl>
      )}
      {order && <p className="screen__hint">{t('screens.confirm.question')}</p>}
    </ScreenLayout>
  );
}
