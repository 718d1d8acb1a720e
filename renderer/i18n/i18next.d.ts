import type { Texts } from './index';

// Typed keys: t('screens.scan.title') is checked against en.json (and the tools' texts) at compile time.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Texts };
  }
}
