import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import {
  LANGUAGES,
  SCREENS,
  type Language,
  type UiEvent,
  type UiSnapshot,
} from '../../contracts/bridge';
import { LanguageDialog } from '../../renderer/components/LanguageDialog';
import { createI18n, TEXTS } from '../../renderer/i18n';
import { syncLanguage } from '../../renderer/i18n/sync-language';
import { KioskView } from '../../renderer/KioskView';
import { birthDateOf } from '../../renderer/screens/IdentifyScreen';

// Records each LanguageChoice as it renders, so a test can choose a language without a DOM.
const rendered = vi.hoisted(() => ({
  choices: [] as Array<{ onChoose: (language: Language) => void; current: Language }>,
}));
vi.mock('../../renderer/components/LanguageChoice', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../renderer/components/LanguageChoice')>();
  return {
    LanguageChoice: (props: Parameters<typeof actual.LanguageChoice>[0]) => {
      rendered.choices.push({ onChoose: props.onChoose, current: props.current });
      return actual.LanguageChoice(props);
    },
  };
});

const OWN_NAMES: Record<Language, string> = {
  en: 'English',
  es: 'Español',
  fr: 'Français',
  sw: 'Kiswahili',
};

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Every dotted key path to a string. */
function leafKeys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    leafKeys(child, prefix ? `${prefix}.${key}` : key),
  );
}

/** Splits keys into plain ones and plural families (base → the plural forms present). */
function keyShape(texts: unknown): { plain: string[]; plurals: Map<string, string[]> } {
  const keys = leafKeys(texts);
  const all = new Set(keys);
  const plain: string[] = [];
  const plurals = new Map<string, string[]>();
  for (const key of keys) {
    const match = PLURAL_SUFFIX.exec(key);
    const base = match ? key.slice(0, match.index) : null;
    // A plural family always has an _other form, which is what i18next falls back to.
    if (match && base !== null && all.has(`${base}_other`)) {
      plurals.set(base, [...(plurals.get(base) ?? []), match[1]!].sort());
    } else {
      plain.push(key);
    }
  }
  return { plain: plain.sort(), plurals };
}

function textAt(texts: unknown, key: string): string {
  return key
    .split('.')
    .reduce<unknown>((v, part) => (v as Record<string, unknown>)[part], texts) as string;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

const base: Omit<UiSnapshot, 'screen' | 'version' | 'language'> = {
  kioskName: 'Kisumu Health Post',
  devices: [],
};

function render(snapshot: UiSnapshot, send: (event: UiEvent) => void = () => {}): string {
  rendered.choices = [];
  return renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n: createI18n(snapshot.language) },
      createElement(KioskView, { snapshot, send }),
    ),
  );
}

describe('every language has exactly the keys of English', () => {
  const english = keyShape(TEXTS.en);

  it('English itself has the plural forms English needs', () => {
    const needed = new Intl.PluralRules('en').resolvedOptions().pluralCategories;
    for (const forms of english.plurals.values()) expect(forms).toEqual([...needed].sort());
    expect(english.plurals.size).toBeGreaterThan(0);
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s: no key missing, none extra', (language) => {
    const shape = keyShape(TEXTS[language]);
    expect(shape.plain).toEqual(english.plain);
    expect([...shape.plurals.keys()].sort()).toEqual([...english.plurals.keys()].sort());
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))(
    '%s: every plural form i18next asks Intl.PluralRules for, and no other',
    (language) => {
      const needed = [...new Intl.PluralRules(language).resolvedOptions().pluralCategories].sort();
      for (const [key, forms] of keyShape(TEXTS[language]).plurals)
        expect({ key, forms }).toEqual({ key, forms: needed });
    },
  );

  it.each(LANGUAGES.filter((l) => l !== 'en'))(
    '%s: every text is filled in and keeps the placeholders of the English one',
    (language) => {
      const texts = TEXTS[language];
      for (const key of leafKeys(texts)) {
        const text = textAt(texts, key);
        expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
        const englishKey = PLURAL_SUFFIX.test(key)
          ? `${key.replace(PLURAL_SUFFIX, '')}_other`
          : key;
        expect({ key, placeholders: placeholders(text) }).toEqual({
          key,
          placeholders: placeholders(textAt(TEXTS.en, englishKey)),
        });
      }
    },
  );

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s: is a translation, not a copy', (language) => {
    const texts = TEXTS[language];
    for (const key of ['actions.start', 'screens.scan.message', 'refusal.expired.reason'])
      expect(textAt(texts, key)).not.toBe(textAt(TEXTS.en, key));
  });
});

describe('numbers, dates and plurals in the snapshot language', () => {
  it.each(LANGUAGES)('%s: names itself in its own language', (language) => {
    expect(createI18n(language).t('language.name')).toBe(OWN_NAMES[language]);
  });

  it.each(LANGUAGES)('%s: resolves a plural for any count, never the raw key', (language) => {
    const i18n = createI18n(language);
    for (const count of [0, 1, 2, 5, 21, 1_000_000]) {
      const text = i18n.t('screens.confirm.packCount', { count });
      expect(text).not.toContain('packCount');
      expect(text).toContain(new Intl.NumberFormat(language).format(count));
    }
  });

  it('formats numbers with the separators of each language', () => {
    expect(createI18n('en').t('screens.confirm.packCount', { count: 12_000 })).toBe('12,000 packs');
    expect(createI18n('es').t('screens.confirm.packCount', { count: 12_000 })).toBe('12.000 cajas');
    expect(createI18n('fr').t('screens.confirm.packCount', { count: 12_000 })).toBe(
      '12\u202f000 boîtes',
    );
    expect(createI18n('sw').t('screens.confirm.packCount', { count: 1 })).toBe('pakiti 1');
  });

  it('says seconds left in each language through Intl units', () => {
    const said = LANGUAGES.map((l) => createI18n(l).t('idle.remaining', { seconds: 25 }));
    expect(said).toEqual(['25 seconds', '25 segundos', '25\u00a0secondes', 'sekunde 25']);
  });

  it('reads a date of birth back in words, in UTC so the day never shifts', () => {
    const date = new Date(Date.UTC(1980, 2, 15));
    const said = LANGUAGES.map((l) => createI18n(l).t('screens.identify.birthDateIs', { date }));
    expect(said).toEqual([
      'Date of birth: March 15, 1980',
      'Fecha de nacimiento: 15 de marzo de 1980',
      'Date de naissance\u00a0: 15 mars 1980',
      'Tarehe ya kuzaliwa: 15 Machi 1980',
    ]);
  });
});

describe('reading the date of birth back', () => {
  it('turns the typed DDMMYYYY into that day, and refuses a day that does not exist', () => {
    expect(birthDateOf('15031980')?.toISOString()).toBe('1980-03-15T00:00:00.000Z');
    expect(birthDateOf('29022000')?.toISOString()).toBe('2000-02-29T00:00:00.000Z');
    // Date would roll these over to another day; the readback must not show a day never typed.
    expect(birthDateOf('31021980')).toBeUndefined();
    expect(birthDateOf('29021900')).toBeUndefined();
    expect(birthDateOf('00011980')).toBeUndefined();
    expect(birthDateOf('01131980')).toBeUndefined();
    expect(birthDateOf('0103198')).toBeUndefined();
  });
});

describe('following snapshot.language', () => {
  it('switches i18next, <html lang> and the window title together', () => {
    const i18n = createI18n('en');
    const doc = { documentElement: { lang: 'en', dir: 'ltr' }, title: '' };
    syncLanguage(i18n, doc, 'sw');
    expect(i18n.language).toBe('sw');
    expect(doc).toEqual({ documentElement: { lang: 'sw', dir: 'ltr' }, title: 'Kioski cha dawa' });
    expect(i18n.t('actions.cancel')).toBe('Ghairi');
    syncLanguage(i18n, doc, 'fr');
    expect(doc.documentElement.lang).toBe('fr');
    expect(doc.title).toBe('Borne à médicaments');
  });

  it.each(LANGUAGES)('%s: every screen renders in that language', (language) => {
    for (const screen of SCREENS) {
      const html = render({ ...base, version: 1, screen, language });
      expect(html).toContain(`data-screen="${screen}"`);
      expect(html).not.toMatch(/screens\.|actions\.|toolbar\./);
    }
    const scan = render({ ...base, version: 1, screen: 'scan', language });
    expect(scan).toContain(textAt(TEXTS[language], 'screens.scan.message'));
    expect(scan).toContain(textAt(TEXTS[language], 'actions.cancel'));
    expect(scan).toContain(textAt(TEXTS[language], 'toolbar.language'));
  });
});

describe('choosing a language', () => {
  it.each(LANGUAGES)(
    'attract (%s) shows one button per language, each named in its own language',
    (language) => {
      const html = render({ ...base, version: 1, screen: 'attract', language });
      const buttons = [
        ...html.matchAll(
          /<button type="button" lang="(\w+)" class="language-button" aria-pressed="(true|false)"[^>]*>.*?<span class="language-button__name">([^<]+)<\/span><\/button>/g,
        ),
      ].map(([, lang, pressed, name]) => ({ lang, pressed, name }));
      expect(buttons).toEqual(
        LANGUAGES.map((l) => ({
          lang: l,
          pressed: String(l === language),
          name: OWN_NAMES[l],
        })),
      );
      // The choice is on the attract screen itself, not behind the small language button.
      expect(html).not.toContain('data-tool="language"');
    },
  );

  it('pressing a language on attract sends SET_LANGUAGE', () => {
    const sent: UiEvent[] = [];
    render({ ...base, version: 1, screen: 'attract', language: 'en' }, (e) => sent.push(e));
    expect(rendered.choices).toHaveLength(1);
    rendered.choices[0]!.onChoose('sw');
    expect(sent).toEqual([{ type: 'SET_LANGUAGE', language: 'sw' }]);
  });

  it.each(SCREENS.filter((s) => s !== 'attract' && s !== 'out_of_service'))(
    '%s offers the small language button',
    (screen) => {
      const html = render({ ...base, version: 1, screen, language: 'es' });
      expect(html).toMatch(/data-tool="language"[^>]*>.*?<span>Idioma<\/span>/);
    },
  );

  it('the language dialog offers the same choice, sends the choice and closes', () => {
    const chosen: Language[] = [];
    const onClose = vi.fn();
    rendered.choices = [];
    const html = renderToStaticMarkup(
      createElement(
        I18nextProvider,
        { i18n: createI18n('fr') },
        createElement(LanguageDialog, {
          current: 'fr',
          onChoose: (l: Language) => chosen.push(l),
          onClose,
        }),
      ),
    );
    expect(html).toContain('Choisissez votre langue');
    expect(html).toContain('Fermer');
    expect(html.match(/class="language-button"/g)).toHaveLength(LANGUAGES.length);
    expect(rendered.choices[0]?.current).toBe('fr');
    rendered.choices[0]!.onChoose('es');
    expect(chosen).toEqual(['es']);
    expect(onClose).toHaveBeenCalledOnce();
  });
});
