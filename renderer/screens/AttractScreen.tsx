import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../components/BigButton';
import { LanguageChoice } from '../components/LanguageChoice';
import { TouchPicture } from '../pictures/TouchPicture';
import { TechCorner } from '../technician/TechCorner';
import type { ScreenProps } from './screen-props';

/**
 * The idle screen: the kiosk's name, the language choice in plain sight (a patient who cannot
 * read the default language must find their own before anything else), one big Start, and the
 * hint that scanning also starts. In a corner, the technician's way in: held for 2 s, it asks for
 * a service badge.
 */
export function AttractScreen({ snapshot, send }: ScreenProps) {
  const { t } = useTranslation();
  const chooseId = useId();
  return (
    <main className="screen screen--calm screen--attract" data-screen="attract">
      <div className="screen__body">
        <p className="screen__eyebrow">{t('screens.attract.title')}</p>
        <h1 className="screen__title kiosk-name">{snapshot.kioskName}</h1>
        <p className="screen__message">{t('screens.attract.message')}</p>
        <div className="screen__picture">
          <TouchPicture />
        </div>
      </div>
      <div className="screen__reach">
        <p className="screen__label" id={chooseId}>
          {t('language.choose')}
        </p>
        <LanguageChoice
          current={snapshot.language}
          labelledBy={chooseId}
          onChoose={(language) => send({ type: 'SET_LANGUAGE', language })}
        />
        <BigButton
          label={t('actions.start')}
          icon="start"
          variant="primary"
          action="start"
          onPress={() => send({ type: 'START' })}
        />
        <p className="screen__hint">{t('screens.attract.orScan')}</p>
      </div>
      <TechCorner onLongPress={() => send({ type: 'TECH_REQUEST_LOGIN' })} />
    </main>
  );
}
