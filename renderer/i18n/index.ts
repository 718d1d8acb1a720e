import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Language } from '../../contracts/bridge';
import en from './en.json';
import es from './es.json';
import fr from './fr.json';
import sw from './sw.json';
import { TOOL_TEXTS, type ToolTexts } from '../technician/tools/tool-texts';

/** en.json with the technician tools' texts merged in under `technician.tools`. */
export type Texts = typeof en & { technician: { tools: ToolTexts } };

function withTools(texts: Record<string, unknown>, language: Language): Record<string, unknown> {
  const technician = texts.technician as Record<string, unknown>;
  return { ...texts, technician: { ...technician, tools: TOOL_TEXTS[language] } };
}

/**
 * All text is bundled (the kiosk fetches nothing at run time): one JSON file per language of
 * contracts/bridge.ts LANGUAGES, each with exactly the keys of en.json (a unit test holds them
 * to it, plural forms included). The Record makes a missing language a type error.
 */
export const TEXTS: Record<Language, Texts | Record<string, unknown>> = {
  en: withTools(en, 'en') as Texts,
  es: withTools(es, 'es'),
  fr: withTools(fr, 'fr'),
  sw: withTools(sw, 'sw'),
};
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
