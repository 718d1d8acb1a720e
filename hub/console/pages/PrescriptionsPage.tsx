import { useState, type FormEvent } from 'react';
import { CONSOLE_ROUTES, Published, SiteList } from '../../pharmacy/console-api';
import { getJson, postJson } from '../api-client';
import { Field, SelectField } from '../components/Field';
import { OutcomeMessage, type Outcome } from '../components/Outcome';
import { Section } from '../components/Section';
import { useLoad } from '../use-load';

/** A form that posts its fields and says what was published. */
function useAction(route: string, describe: (p: Published) => string) {
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const run = async (e: FormEvent, body: unknown, reset: () => void): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    const r = await postJson(route, body, Published);
    setBusy(false);
    if (r.ok) {
      setOutcome({ kind: 'ok', message: describe(r.value) });
      reset();
    } else setOutcome({ kind: 'error', message: r.message });
  };
  return { outcome, busy, run };
}

function RevokeForm() {
  const [jti, setJti] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction(
    CONSOLE_ROUTES.revoke,
    (p) =>
      `Revoked. Every kiosk refuses it after its next sync (revocation list version ${p.version}).`,
  );
  return (
    <Section title="Revoke a prescription" className="card">
      <form
        onSubmit={(e) => void action.run(e, { jti, reason }, () => (setJti(''), setReason('')))}
        data-form="revoke"
      >
        <Field
          label="Prescription id"
          required
          value={jti}
          onChange={(e) => setJti(e.target.value)}
        />
        <Field label="Reason" required value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="submit" className="button button--danger" disabled={action.busy}>
          Revoke prescription
        </button>
        <OutcomeMessage outcome={action.outcome} />
      </form>
    </Section>
  );
}

function RecallForm() {
  const [gtin, setGtin] = useState('');
  const [lot, setLot] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction(
    CONSOLE_ROUTES.recalls,
    (p) =>
      `Lot recalled at every kiosk: none of its packs is given out after the next sync (revocation list version ${p.version}).`,
  );
  return (
    <Section title="Recall a lot" className="card">
      <p>Every kiosk in the fleet stops giving out packs of this lot.</p>
      <form
        onSubmit={(e) =>
          void action.run(e, { gtin, lot, reason }, () => (setGtin(''), setLot(''), setReason('')))
        }
        data-form="recall"
      >
        <Field
          label="GTIN (14 digits)"
          required
          inputMode="numeric"
          pattern="[0-9]{14}"
          value={gtin}
          onChange={(e) => setGtin(e.target.value)}
        />
        <Field
          label="Lot number"
          required
          maxLength={20}
          value={lot}
          onChange={(e) => setLot(e.target.value)}
        />
        <Field label="Reason" required value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="submit" className="button button--danger" disabled={action.busy}>
          Recall lot
        </button>
        <OutcomeMessage outcome={action.outcome} />
      </form>
    </Section>
  );
}

function RefillForm() {
  const sites = useLoad(() => getJson(CONSOLE_ROUTES.sites, SiteList));
  const [jti, setJti] = useState('');
  const [siteId, setSiteId] = useState('');
  const [extraFills, setExtraFills] = useState('1');
  const [validDays, setValidDays] = useState('30');
  const action = useAction(
    CONSOLE_ROUTES.refills,
    (p) => `Refill authorised for the site's kiosks (refill list version ${p.version}).`,
  );
  const options = [
    { value: '', label: 'Choose a site' },
    ...(sites.value?.sites ?? []).map((s) => ({ value: s.siteId, label: s.name })),
  ];
  return (
    <Section title="Authorise a refill" className="card">
      <form
        onSubmit={(e) =>
          void action.run(
            e,
            { jti, siteId, extraFills: Number(extraFills), validDays: Number(validDays) },
            () => setJti(''),
          )
        }
        data-form="refill"
      >
        <Field
          label="Prescription id"
          required
          value={jti}
          onChange={(e) => setJti(e.target.value)}
        />
        <SelectField label="Site" required value={siteId} onChange={setSiteId} options={options} />
        <Field
          label="Extra fills"
          type="number"
          min={1}
          max={12}
          required
          value={extraFills}
          onChange={(e) => setExtraFills(e.target.value)}
        />
        <Field
          label="Usable for (days)"
          type="number"
          min={1}
          max={365}
          required
          value={validDays}
          onChange={(e) => setValidDays(e.target.value)}
        />
        <button type="submit" className="button button--primary" disabled={action.busy}>
          Authorise refill
        </button>
        <OutcomeMessage outcome={action.outcome} />
      </form>
    </Section>
  );
}

export function PrescriptionsPage() {
  return (
    <>
      <h1>Refills, revocations and recalls</h1>
      <p className="lead">
        Each change is signed by the hub and reaches the kiosks at their next sync.
      </p>
      <div className="columns">
        <RefillForm />
        <RevokeForm />
        <RecallForm />
      </div>
    </>
  );
}
