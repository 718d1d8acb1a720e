import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../contracts/bridge';
import { ToolsPicture } from '../pictures/ToolsPicture';

/**
 * While a technician holds the kiosk, anyone walking up must see at once that it is out of
 * service: a band above every technician screen says so in every language (whoever comes, the
 * kiosk does not know their language yet), each in its own `lang` so a screen reader reads it right.
 */
export function ServiceBanner() {
  const { t, i18n } = useTranslation();
  return (
    <aside
      className="service-banner"
      data-service-banner=""
      aria-label={t('screens.out_of_service.title')}
    >
      <span className="service-banner__picture" aria-hidden="true">
        <ToolsPicture />
      </span>
      <ul className="service-banner__texts">
        {LANGUAGES.map((language) => (
          <li key={language} lang={language}>
            {i18n.getFixedT(language)('screens.out_of_service.title')}
          </li>
        ))}
      </ul>
    </aside>
  );
}
