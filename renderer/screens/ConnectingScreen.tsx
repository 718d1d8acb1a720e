import { useTranslation } from 'react-i18next';
import { Spinner } from '../pictures/Spinner';

/** Shown until the first snapshot arrives and whenever the link to main is down. */
export function ConnectingScreen() {
  const { t } = useTranslation();
  return (
    <main className="screen screen--calm" data-connection="connecting">
      <div className="screen__body">
        <div className="screen__picture">
          <Spinner />
        </div>
        <h1 className="screen__title">{t('app.connecting.title')}</h1>
        <p className="screen__message" role="status">
          {t('app.connecting.message')}
        </p>
      </div>
    </main>
  );
}
