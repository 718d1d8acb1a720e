import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeviceLink, PackProgress, SCREENS } from '../../contracts/bridge';
import { createI18n } from '../../renderer/i18n';
import en from '../../renderer/i18n/en.json';
import { REFUSAL_REASONS, refusalKey } from '../../renderer/refusal-reasons';

// The reason codes of shared/protocols/prescription-token.md §4a, copied here on purpose: the
// renderer's list must match the protocol, not merely itself.
const PROTOCOL_REASON_CODES = [
  'malformed',
  'too_large',
  'bad_alg',
  'unknown_kid',
  'bad_signature',
  'wrong_issuer',
  'key_not_valid',
  'not_yet_valid',
  'expired',
  'revoked',
  'no_fills_left',
  'offline_limit',
  'too_soon',
  'wrong_kiosk',
  'patient_mismatch',
  'patient_locked',
  'product_mismatch',
  'out_of_stock',
  'no_usable_lot',
  'vitals_required',
  'clock_untrusted',
  'trust_list_stale',
];

const RENDERER = join(import.meta.dirname, '..', '..', 'renderer');
const i18n = createI18n('en');
const hasText = (key: string) => i18n.exists(key) && String(i18n.t(key as never)).trim().length > 0;

describe('English text', () => {
  it('knows every refusal reason code of the protocol', () => {
    expect([...REFUSAL_REASONS].sort()).toEqual([...PROTOCOL_REASON_CODES].sort());
  });

  it.each([...PROTOCOL_REASON_CODES, 'unknown'])('says why (%s) and what to do next', (code) => {
    expect(hasText(`refusal.${code}.reason`)).toBe(true);
    expect(hasText(`refusal.${code}.next`)).toBe(true);
    // Every next step points somewhere a patient can go.
    expect(i18n.t(`refusal.${code}.next` as never)).toMatch(
      /pharmacist|clinic|come back|try again/i,
    );
  });

  it('maps an unknown code to the generic message, never a raw key', () => {
    expect(refusalKey('a_code_from_the_future')).toBe('unknown');
    expect(refusalKey(undefined)).toBe('unknown');
    expect(refusalKey('__proto__')).toBe('unknown');
    expect(refusalKey('expired')).toBe('expired');
  });

  it.each([...SCREENS])('has a title for the %s screen', (screen) => {
    expect(hasText(`screens.${screen}.title`)).toBe(true);
  });

  it('has a label for every pack state and device link', () => {
    for (const state of PackProgress.shape.state.options)
      expect(hasText(`screens.dispensing.states.${state}`)).toBe(true);
    for (const link of DeviceLink.options) expect(hasText(`devices.links.${link}`)).toBe(true);
  });

  it('formats numbers and plurals with Intl', () => {
    expect(i18n.t('screens.confirm.packCount', { count: 1 })).toBe('1 pack');
    expect(i18n.t('screens.confirm.packCount', { count: 1200 })).toBe('1,200 packs');
    expect(i18n.t('idle.remaining', { seconds: 25 })).toBe('25 seconds');
    expect(i18n.t('idle.remaining', { seconds: 1 })).toBe('1 second');
  });

  it('has no empty strings', () => {
    const walk = (value: unknown, path: string): string[] =>
      typeof value === 'string'
        ? value.trim()
          ? []
          : [path]
        : Object.entries(value as object).flatMap(([k, v]) => walk(v, `${path}.${k}`));
    expect(walk(en, 'en')).toEqual([]);
  });

  it('keeps literal words out of components (all text goes through i18next)', () => {
    const files = ['screens', 'components', 'pictures'].flatMap((dir) =>
      readdirSync(join(RENDERER, dir))
        .filter((name) => name.endsWith('.tsx'))
        .map((name) => join(RENDERER, dir, name)),
    );
    files.push(join(RENDERER, 'App.tsx'), join(RENDERER, 'KioskView.tsx'));
    const offenders: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, 'utf8').replace(/\{\/\*[\s\S]*?\*\/\}/g, '');
      // JSX text: something with a letter between a closing '>' and the next '<' or '{'.
      for (const match of source.matchAll(/>([^<>{}()=;]*[A-Za-z][^<>{}()=;]*)</g)) {
        offenders.push(`${file}: ${match[1].trim()}`);
      }
      // Visible attributes given as string literals.
      for (const match of source.matchAll(
        /\b(aria-label|title|alt|placeholder|label)="([^"]*[A-Za-z][^"]*)"/g,
      )) {
        offenders.push(`${file}: ${match[1]}="${match[2]}"`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
