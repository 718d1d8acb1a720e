import { useTranslation } from 'react-i18next';
import { ScreenLayout } from '../components/ScreenLayout';
import { Spinner } from '../pictures/Spinner';
import { CancelButton } from './CancelButton';
import type { ScreenProps } from './screen-props';

export function VerifyingScreen({ send }: ScreenProps) {
  const { t } = useTranslation();
  return (
    <ScreenLayout
      screen="verifying"
      picture={<Spinner />}
      title={t('screens.verifying.title')}
      actions={<CancelButton send={send} />}
    >
      <p className="screen__message" role="status">
        {t('screens.verifying.message')}
      </p>
    </ScreenLayout>
  );
}
