import type { i18n as I18n } from 'i18next';
import type { Language } from '../../contracts/bridge';

/** The parts of `document` the language touches; tests pass a plain object. */
export interface DocumentLike {
  documentElement: { lang: string; dir: string };
  title: string;
}

/**
 * Makes the UI speak the snapshot's language: i18next (every translated string and every number
 * and date, which i18next formats with Intl in its current language), `<html lang>` (so a screen
 * reader and the browser's hyphenation use the right rules) and the window title. Main owns the
 * choice; the renderer only follows it.
 */
export function syncLanguage(i18n: I18n, doc: DocumentLike, language: Language): void {
  if (i18n.language !== language) void i18n.changeLanguage(language);
  doc.documentElement.lang = language;
  doc.documentElement.dir = i18n.dir(language);
  doc.title = i18n.t('app.title');
}
