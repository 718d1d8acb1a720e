import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';

/**
 * All text is bundled (the kiosk fetches nothing at run time). English only for now; another
 * language is one more JSON file of the same shape added to RESOURCES.
 */
export const RESOURCES = { en: { translation: en } } as const;
export const DEFAULT_LANGUAGE = 'en';

export function createI18n(language: string = DEFAULT_LANGUAGE): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: RESOURCES,
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
