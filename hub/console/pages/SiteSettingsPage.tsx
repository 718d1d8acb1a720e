import { useEffect, useId, useState, type FormEvent } from 'react';
import { LANGUAGES, type Language } from '../../../contracts/bridge';
import type { SiteSettings } from '../../../main/config/site-settings';
import { CONSOLE_ROUTES, Published, SiteConfigAnswer, SiteList } from '../../pharmacy/console-api';
import { getJson, postJson } from '../api-client';
import { Field, SelectField } from '../components/Field';
import { OutcomeMessage, type Outcome } from '../components/Outcome';
import { Section } from '../components/Section';
import { useLoad } from '../use-load';

/**
 * A site's settings (the signed `config` download): the pharmacist's phone, languages, time zone,
 * expiry margin, temperature band, cold-chain medicines and the formulary. Every kiosk of the
 * site applies a save after its next sync, between patients. The hub checks each field with the
 * kiosks' own schema and names the one it refuses.
 */

const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  es: 'Spanish',
  fr: 'French',
  sw: 'Swahili',
};

/** The form's fields as typed (text), turned into settings only on save. */
interface SettingsForm {
  pharmacistPhone: string;
  helpCallbackMinutes: string;
  defaultLanguage: Language;
  languages: Language[];
  timeZone: string;
  offlineWindowDays: string;
  restockMarginDays: string;
  requireSerial: boolean;
  idleTimeoutSeconds: string;
  bandMin: string;
  bandMax: string;
  coldChainGtins: string;
  formulary: string;
}

function formOf(s: SiteSettings): SettingsForm {
  return {
    pharmacistPhone: s.pharmacistPhone,
    helpCallbackMinutes: String(s.helpCallbackMinutes),
    defaultLanguage: s.defaultLanguage,
    languages: [...s.languages],
    timeZone: s.timeZone,
    offlineWindowDays: String(s.offlineWindowDays),
    restockMarginDays: String(s.restockMarginDays),
    requireSerial: s.requireSerial,
    idleTimeoutSeconds: String(s.idleTimeoutSeconds),
    bandMin: String(s.temperatureBandC.min),
    bandMax: String(s.temperatureBandC.max),
    coldChainGtins: s.coldChainGtins.join('\n'),
    formulary: Object.entries(s.formulary)
      .map(([code, gtins]) => `${code} = ${gtins.join(', ')}`)
      .join('\n'),
  };
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** `code = gtin, gtin` per line; a line without "=" is sent as it is, for the hub to refuse. */
function formularyOf(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of lines(text)) {
    const [code = '', gtins = ''] = line.split('=');
    out[code.trim()] = gtins
      .split(',')
      .map((g) => g.trim())
      .filter((g) => g !== '');
  }
  return out;
}

function settingsOf(f: SettingsForm): Record<string, unknown> {
  return {
    pharmacistPhone: f.pharmacistPhone.trim(),
    helpCallbackMinutes: Number(f.helpCallbackMinutes),
    defaultLanguage: f.defaultLanguage,
    languages: LANGUAGES.filter((l) => f.languages.includes(l)),
    timeZone: f.timeZone.trim(),
    offlineWindowDays: Number(f.offlineWindowDays),
    restockMarginDays: Number(f.restockMarginDays),
    requireSerial: f.requireSerial,
    idleTimeoutSeconds: Number(f.idleTimeoutSeconds),
    temperatureBandC: { min: Number(f.bandMin), max: Number(f.bandMax) },
    coldChainGtins: lines(f.coldChainGtins),
    formulary: formularyOf(f.formulary),
  };
}

function TextArea({
  label,
  hint,
  value,
  onChange,
  name,
}: {
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  name: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p className="field__hint" id={`${id}-hint`}>
        {hint}
      </p>
      <textarea
        id={id}
        name={name}
        rows={4}
        aria-describedby={`${id}-hint`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

function SettingsEditor({ siteId }: { siteId: string }) {
  const loaded = useLoad(() =>
    getJson(`${CONSOLE_ROUTES.siteConfig}?siteId=${encodeURIComponent(siteId)}`, SiteConfigAnswer),
  );
  const [form, setForm] = useState<SettingsForm>();
  const [outcome, setOutcome] = useState<Outcome>();
  useEffect(() => {
    if (loaded.value) setForm(formOf(loaded.value.settings));
  }, [loaded.value]);
  if (loaded.error) return <OutcomeMessage outcome={{ kind: 'error', message: loaded.error }} />;
  if (!form || !loaded.value) return <p role="status">Loading the site’s settings…</p>;
  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) =>
    setForm({ ...form, [key]: value });
  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const r = await postJson(
      CONSOLE_ROUTES.siteConfig,
      { siteId, settings: settingsOf(form) },
      Published,
    );
    if (r.ok) {
      setOutcome({
        kind: 'ok',
        message: `Version ${r.value.version} published; each kiosk of the site applies it after its next sync, between patients.`,
      });
      loaded.reload();
    } else setOutcome({ kind: 'error', message: r.message });
  };
  const version = loaded.value.version;
  return (
    <form onSubmit={(e) => void save(e)} data-form="site-config">
      <p data-config-version={version ?? 'none'}>
        {version === null
          ? 'Nothing published yet: the kiosks use their own site file and the defaults shown.'
          : `Version ${version} is in force.`}
      </p>
      <Field
        label="Pharmacist phone (printed on labels, said by Help)"
        name="pharmacistPhone"
        value={form.pharmacistPhone}
        onChange={(e) => set('pharmacistPhone', e.target.value)}
      />
      <Field
        label="The pharmacist calls back within (minutes)"
        name="helpCallbackMinutes"
        type="number"
        min={1}
        max={1440}
        required
        value={form.helpCallbackMinutes}
        onChange={(e) => set('helpCallbackMinutes', e.target.value)}
      />
      <SelectField
        label="Language each session starts in"
        name="defaultLanguage"
        value={form.defaultLanguage}
        onChange={(v) => set('defaultLanguage', v as Language)}
        options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
      />
      <fieldset className="field">
        <legend>Languages offered</legend>
        {LANGUAGES.map((l) => (
          <label key={l} className="checkbox">
            <input
              type="checkbox"
              name={`language-${l}`}
              checked={form.languages.includes(l)}
              onChange={(e) =>
                set(
                  'languages',
                  e.target.checked ? [...form.languages, l] : form.languages.filter((x) => x !== l),
                )
              }
            />{' '}
            {LANGUAGE_NAMES[l]}
          </label>
        ))}
      </fieldset>
      <Field
        label="Time zone (e.g. Africa/Nairobi)"
        name="timeZone"
        required
        value={form.timeZone}
        onChange={(e) => set('timeZone', e.target.value)}
      />
      <Field
        label="Offline window (days a kiosk may serve without a sync)"
        name="offlineWindowDays"
        type="number"
        min={1}
        required
        value={form.offlineWindowDays}
        onChange={(e) => set('offlineWindowDays', e.target.value)}
      />
      <Field
        label="Refuse restocking packs that expire within (days)"
        name="restockMarginDays"
        type="number"
        min={0}
        required
        value={form.restockMarginDays}
        onChange={(e) => set('restockMarginDays', e.target.value)}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          name="requireSerial"
          checked={form.requireSerial}
          onChange={(e) => set('requireSerial', e.target.checked)}
        />{' '}
        Packs carry serial numbers (refuse packs without one)
      </label>
      <Field
        label="A patient session ends after this many idle seconds"
        name="idleTimeoutSeconds"
        type="number"
        min={10}
        max={600}
        required
        value={form.idleTimeoutSeconds}
        onChange={(e) => set('idleTimeoutSeconds', e.target.value)}
      />
      <div className="inline-form">
        <Field
          label="Cabinet temperature, lowest allowed (°C)"
          name="bandMin"
          type="number"
          step="0.1"
          required
          value={form.bandMin}
          onChange={(e) => set('bandMin', e.target.value)}
        />
        <Field
          label="Highest allowed (°C)"
          name="bandMax"
          type="number"
          step="0.1"
          required
          value={form.bandMax}
          onChange={(e) => set('bandMax', e.target.value)}
        />
      </div>
      <TextArea
        label="Cold-chain medicines (GTINs)"
        hint="One 14-digit GTIN per line. After a temperature excursion, slots holding them wait for your release."
        name="coldChainGtins"
        value={form.coldChainGtins}
        onChange={(v) => set('coldChainGtins', v)}
      />
      <TextArea
        label="Formulary"
        hint="One medicine per line: its code, “=”, then the GTINs of packs that may be given for it, separated by commas."
        name="formulary"
        value={form.formulary}
        onChange={(v) => set('formulary', v)}
      />
      <button type="submit" className="button button--primary">
        Publish settings
      </button>
      <OutcomeMessage outcome={outcome} />
    </form>
  );
}

export function SiteSettingsPage() {
  const sites = useLoad(() => getJson(CONSOLE_ROUTES.sites, SiteList));
  const [siteId, setSiteId] = useState('');
  const list = sites.value?.sites ?? [];
  return (
    <>
      <h1>Site settings</h1>
      <OutcomeMessage outcome={sites.error ? { kind: 'error', message: sites.error } : undefined} />
      <Section title="Settings for every kiosk of a site" className="card">
        <SelectField
          label="Site"
          name="siteId"
          value={siteId}
          onChange={setSiteId}
          options={[
            { value: '', label: 'Choose a site' },
            ...list.map((s) => ({ value: s.siteId, label: s.name })),
          ]}
        />
        {siteId && <SettingsEditor key={siteId} siteId={siteId} />}
      </Section>
    </>
  );
}
