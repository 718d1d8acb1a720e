import { useState, type FormEvent } from 'react';
import { CONSOLE_ROUTES, IssuedPrescription, SiteList } from '../../pharmacy/console-api';
import { getJson, postJson } from '../api-client';
import { Field } from '../components/Field';
import { OutcomeMessage, type Outcome } from '../components/Outcome';
import { Section } from '../components/Section';
import { useLoad } from '../use-load';

const optionalInt = (text: string): number | undefined =>
  text.trim() === '' ? undefined : Number(text);

/** Issue and sign a prescription: the hub signs it with its issuer key and answers with the QR to print. */
export function IssuePage() {
  const sites = useLoad(() => getJson(CONSOLE_ROUTES.sites, SiteList));
  const [form, setForm] = useState({
    initials: '',
    birthDate: '',
    pin: '',
    medication: '',
    gtin: '',
    dose: '',
    packsPerFill: '1',
    fills: '1',
    expectedSupplyDays: '30',
    validDays: '180',
    bpSystolicMax: '',
    bpDiastolicMax: '',
    spo2Min: '',
  });
  const [siteIds, setSiteIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const [issued, setIssued] = useState<IssuedPrescription | undefined>();
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setIssued(undefined);
    const vitals = {
      bpSystolicMax: optionalInt(form.bpSystolicMax),
      bpDiastolicMax: optionalInt(form.bpDiastolicMax),
      spo2Min: optionalInt(form.spo2Min),
    };
    const hasVitals = Object.values(vitals).some((v) => v !== undefined);
    const r = await postJson(
      CONSOLE_ROUTES.prescriptions,
      {
        patient: {
          ...(form.initials.trim() && { initials: form.initials.trim() }),
          birthDate: form.birthDate,
          ...(form.pin && { pin: form.pin }),
        },
        medication: { display: form.medication, gtin: form.gtin },
        dose: form.dose,
        packsPerFill: Number(form.packsPerFill),
        fills: Number(form.fills),
        expectedSupplyDays: Number(form.expectedSupplyDays),
        validDays: Number(form.validDays),
        siteIds,
        ...(hasVitals && { vitals: JSON.parse(JSON.stringify(vitals)) as Record<string, number> }),
      },
      IssuedPrescription,
    );
    setBusy(false);
    if (r.ok) {
      setIssued(r.value);
      setOutcome({
        kind: 'ok',
        message: 'Prescription signed. Print the QR code or show it to the patient.',
      });
    } else setOutcome({ kind: 'error', message: r.message });
  };

  return (
    <>
      <h1>New prescription</h1>
      <p className="lead">
        The hub signs the prescription; the patient scans the QR code at a kiosk of the chosen site
        and confirms it with their date of birth and PIN.
      </p>
      <form className="card form-grid" onSubmit={(e) => void submit(e)} data-form="issue">
        <fieldset>
          <legend>Patient</legend>
          <Field
            label="Initials (optional)"
            maxLength={8}
            value={form.initials}
            onChange={set('initials')}
          />
          <Field
            label="Date of birth"
            type="date"
            required
            value={form.birthDate}
            onChange={set('birthDate')}
          />
          <Field
            label="PIN (6 digits, optional)"
            hint="Leave empty and the hub makes one; tell it to the patient. It is shown once and never stored."
            inputMode="numeric"
            pattern="[0-9]{6}"
            autoComplete="off"
            value={form.pin}
            onChange={set('pin')}
          />
        </fieldset>
        <fieldset>
          <legend>Medicine</legend>
          <Field
            label="Medicine name and strength"
            required
            value={form.medication}
            onChange={set('medication')}
          />
          <Field
            label="GTIN (14 digits, from the pack)"
            required
            inputMode="numeric"
            pattern="[0-9]{14}"
            value={form.gtin}
            onChange={set('gtin')}
          />
          <Field
            label="How to take it (printed on the label)"
            required
            value={form.dose}
            onChange={set('dose')}
          />
          <Field
            label="Packs per fill"
            type="number"
            min={1}
            max={10}
            required
            value={form.packsPerFill}
            onChange={set('packsPerFill')}
          />
          <Field
            label="Number of fills (including the first)"
            type="number"
            min={1}
            max={12}
            required
            value={form.fills}
            onChange={set('fills')}
          />
          <Field
            label="Days each fill lasts"
            type="number"
            min={1}
            max={365}
            required
            value={form.expectedSupplyDays}
            onChange={set('expectedSupplyDays')}
          />
          <Field
            label="Can be filled for (days from today)"
            type="number"
            min={1}
            max={730}
            required
            value={form.validDays}
            onChange={set('validDays')}
          />
        </fieldset>
        <fieldset>
          <legend>Where it may be filled</legend>
          {sites.value?.sites.length === 0 && (
            <p>No sites yet: create one on the “Kiosks and sites” page.</p>
          )}
          {sites.value?.sites.map((s) => (
            <label className="checkbox" key={s.siteId}>
              <input
                type="checkbox"
                name="site"
                value={s.siteId}
                checked={siteIds.includes(s.siteId)}
                onChange={(e) =>
                  setSiteIds(
                    e.target.checked
                      ? [...siteIds, s.siteId]
                      : siteIds.filter((x) => x !== s.siteId),
                  )
                }
              />
              {s.name} ({s.kiosks.length} kiosk{s.kiosks.length === 1 ? '' : 's'})
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Vitals before dispensing (optional)</legend>
          <Field
            label="Highest systolic blood pressure (mmHg)"
            type="number"
            min={60}
            max={260}
            value={form.bpSystolicMax}
            onChange={set('bpSystolicMax')}
          />
          <Field
            label="Highest diastolic blood pressure (mmHg)"
            type="number"
            min={30}
            max={160}
            value={form.bpDiastolicMax}
            onChange={set('bpDiastolicMax')}
          />
          <Field
            label="Lowest oxygen saturation (SpO₂ %)"
            type="number"
            min={50}
            max={100}
            value={form.spo2Min}
            onChange={set('spo2Min')}
          />
        </fieldset>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Signing…' : 'Sign prescription'}
        </button>
        <OutcomeMessage outcome={outcome} />
      </form>
      {issued && (
        <Section title="Signed prescription" className="card issued">
          <img
            className="issued__qr"
            src={issued.qrPng}
            alt={`Prescription QR code for ${form.medication}`}
            data-qr="prescription"
          />
          {/* Printed with the QR: what the patient types at the kiosk when the QR will not scan. */}
          <p className="issued__short-code">
            <span className="issued__short-code-label">Code to type if the QR does not scan:</span>{' '}
            <strong data-short-code="">{issued.shortCode}</strong>
          </p>
          <dl className="facts">
            <dt>Prescription id</dt>
            <dd>
              <code>{issued.jti}</code>
            </dd>
            {issued.pin && (
              <>
                <dt>PIN for the patient</dt>
                <dd className="issued__pin">{issued.pin}</dd>
              </>
            )}
            <dt>QR size</dt>
            <dd>
              Version {issued.qrVersion} ({issued.jwsLength} characters signed)
            </dd>
          </dl>
          <button type="button" className="button" onClick={() => window.print()}>
            Print
          </button>
          <details>
            <summary>QR text (for a scanner test)</summary>
            <textarea readOnly aria-label="QR text" value={issued.qrText} rows={4} />
          </details>
        </Section>
      )}
    </>
  );
}
