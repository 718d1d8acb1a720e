import { useTranslation } from 'react-i18next';
import { ScreenLayout } from '../components/ScreenLayout';
import { ToolsPicture } from '../pictures/ToolsPicture';
import type { ScreenProps } from './screen-props';

export function OutOfServiceScreen(_props: ScreenProps) {
  const { t } = useTranslation();
  return (
    <ScreenLayout
      screen="out_of_service"
      picture={<ToolsPicture />}
      title={t('screens.out_of_service.title')}
    >
      <p className="screen__message">{t('screens.out_of_service.message')}</p>
    </ScreenLayout>
  );
}
