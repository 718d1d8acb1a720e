import { useTranslation } from 'react-i18next';
import { BigButton } from '../components/BigButton';
import { ScreenLayout } from '../components/ScreenLayout';
import { StopPhonePicture } from '../pictures/StopPhonePicture';
import { refusalKey } from '../refusal-reasons';
import type { ScreenProps } from './screen-props';

/**
 * The verifier's reason in plain words plus what to do next. The code itself is shown small, for
 * the phone call with the pharmacist; `detail` is technical and stays off the screen.
 */
export function RefusedScreen({ snapshot, send }: ScreenProps) {
  const { t } = useTranslation();
  const key = refusalKey(snapshot.refusal?.reason);
  return (
    <ScreenLayout
      screen="refused"
      tone="warning"
      picture={<StopPhonePicture />}
      title={t('screens.refused.title')}
      actions={
        <BigButton
          label={t('actions.ok')}
          icon="finish"
          variant="primary"
          action="finish"
          onPress={() => send({ type: 'FINISH' })}
        />
      }
    >
      <p className="screen__message" data-refusal-reason={key}>
        {t(`refusal.${key}.reason`)}
      </p>
      <div className="notice">
        <p className="notice__label">{t('screens.refused.nextLabel')}</p>
        <p className="notice__main">{t(`refusal.${key}.next`)}</p>
      </div>
      {snapshot.refusal && (
        <p className="screen__reference">
          {t('screens.refused.reference', { code: snapshot.refusal.reason })}
        </p>
      )}
    </ScreenLayout>
  );
}
