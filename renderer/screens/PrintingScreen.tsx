import { useTranslation } from 'react-i18next';
import { ScreenLayout } from '../components/ScreenLayout';
import { PrinterPicture } from '../pictures/PrinterPicture';
import type { ScreenProps } from './screen-props';

/**
 * The label prints after the medicine has dropped: the screen says both, so a patient who takes
 * the medicine and walks off knows a label is coming. Nothing to press; printing never blocks the
 * patient (a printer problem is told on the done screen).
 */
export function PrintingScreen(_props: ScreenProps) {
  const { t } = useTranslation();
  return (
    <ScreenLayout
      screen="printing"
      picture={<PrinterPicture />}
      title={t('screens.printing.title')}
    >
      <p className="screen__message" role="status">
        {t('screens.printing.message')}
      </p>
    </ScreenLayout>
  );
}
