import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Language } from '../../contracts/bridge';
import en from './en.json';
import es from './es.json';
import fr from './fr.json';
import sw from './sw.json';

/**
 * All text is bundled (the kiosk fetches nothing at run time): one JSON file per language of
 * contracts/bridge.ts LANGUAGES, each with exactly the keys of en.json (a unit test holds them
 * to it, plural forms included). The Record makes a missing language a type error.
 */
export const TEXTS: Record<Language, typeof en | Record<string, unknown>> = { en, es, fr, sw };
export const RESOURCES = Object.fromEntries(
  LANGUAGES.map((language) => [language, { translation: TEXTS[language] }]),
) as Record<Language, { translation: Record<string, unknown> }>;
export const DEFAULT_LANGUAGE: Language = 'en';

export function createI18n(language: string = DEFAULT_LANGUAGE): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: RESOURCES,
    supportedLngs: [...LANGUAGES],
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    // React escapes text itself.
    interpolation: { escapeValue: false },
    // Resources are in memory, so initialise synchronously: the first render already has text.
    initAsync: false,
    returnNull: false,
  });
  return instance;
}
