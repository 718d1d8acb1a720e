import { useTranslation } from 'react-i18next';
import { BigButton } from '../components/BigButton';
import { ScreenLayout } from '../components/ScreenLayout';
import { ScanPicture } from '../pictures/ScanPicture';
import { CancelButton } from './CancelButton';
import type { ScreenProps } from './screen-props';

/**
 * Where to hold the QR, with a picture; and, for a QR that will not scan (a crumpled paper, a
 * cracked phone screen), the way to type the short code printed under it instead.
 */
export function ScanScreen({ send }: ScreenProps) {
  const { t } = useTranslation();
  return (
    <ScreenLayout
      screen="scan"
      picture={<ScanPicture />}
      title={t('screens.scan.message')}
      actions={
        <>
          <CancelButton send={send} />
          <BigButton
            label={t('actions.enterCode')}
            icon="keys"
            variant="secondary"
            action="enter-code"
            onPress={() => send({ type: 'ENTER_CODE' })}
          />
        </>
      }
    >
      <p className="screen__hint">{t('screens.scan.hint')}</p>
      <p className="screen__hint">{t('screens.scan.codeHint')}</p>
    </ScreenLayout>
  );
}
