import { useTranslation } from 'react-i18next';
import { BigButton } from '../components/BigButton';
import { TouchPicture } from '../pictures/TouchPicture';
import type { ScreenProps } from './screen-props';

/** The idle screen: the kiosk's name, one big Start, and the hint that scanning also starts. */
export function AttractScreen({ snapshot, send }: ScreenProps) {
  const { t } = useTranslation();
  return (
    <main className="screen screen--calm screen--attract" data-screen="attract">
      <div className="screen__body">
        <p className="screen__eyebrow">{t('screens.attract.title')}</p>
        <h1 className="screen__title kiosk-name">{snapshot.kioskName}</h1>
        <p className="screen__message">{t('screens.attract.message')}</p>
        <div className="screen__picture">
          <TouchPicture />
        </div>
        <BigButton
          label={t('actions.start')}
          icon="start"
          variant="primary"
          onPress={() => send({ type: 'START' })}
        />
        <p className="screen__hint">{t('screens.attract.orScan')}</p>
      </div>
    </main>
  );
}
