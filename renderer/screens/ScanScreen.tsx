import { useTranslation } from 'react-i18next';
import { ScreenLayout } from '../components/ScreenLayout';
import { ScanPicture } from '../pictures/ScanPicture';
import { CancelButton } from './CancelButton';
import type { ScreenProps } from './screen-props';

export function ScanScreen({ send }: ScreenProps) {
  const { t } = useTranslation();
  return (
    <ScreenLayout
      screen="scan"
      picture={<ScanPicture />}
      title={t('screens.scan.message')}
      actions={<CancelButton send={send} />}
    >
      <p className="screen__hint">{t('screens.scan.hint')}</p>
    </ScreenLayout>
  );
}
