import { useState, type FormEvent } from 'react';
import {
  CONSOLE_ROUTES,
  EnrollmentCode,
  Published,
  SiteList,
  type SiteSummary,
} from '../../pharmacy/console-api';
import { getJson, postJson } from '../api-client';
import { Field, SelectField } from '../components/Field';
import { OutcomeMessage, type Outcome } from '../components/Outcome';
import { Section } from '../components/Section';
import { formatTime } from '../format';
import { useLoad } from '../use-load';

const STATUS_LABEL: Record<string, string> = {
  active: 'Working',
  locked: 'Locked',
  flagged: 'Flagged (security)',
  revoked: 'Revoked',
};

function KioskRow({
  kiosk,
  onChanged,
}: {
  kiosk: SiteSummary['kiosks'][number];
  onChanged: () => void;
}) {
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();
  const locked = kiosk.status === 'locked';
  const toggle = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const r = await postJson(
      locked ? CONSOLE_ROUTES.unlockKiosk : CONSOLE_ROUTES.lockKiosk,
      { kioskId: kiosk.kioskId, reason },
      Published,
    );
    if (r.ok) {
      setOutcome({
        kind: 'ok',
        message: `${locked ? 'Unlock' : 'Lock'} sent; the kiosk applies it at its next sync.`,
      });
      setReason('');
      onChanged();
    } else setOutcome({ kind: 'error', message: r.message });
  };
  return (
    <li className="kiosk-row" data-kiosk={kiosk.kioskId}>
      <p>
        <strong>{kiosk.name}</strong> <code>{kiosk.kioskId}</code> —{' '}
        <span data-kiosk-status={kiosk.status}>{STATUS_LABEL[kiosk.status] ?? kiosk.status}</span>
      </p>
      <form onSubmit={(e) => void toggle(e)} className="inline-form">
        <Field
          label={`Reason to ${locked ? 'unlock' : 'lock'} ${kiosk.name}`}
          required
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <button type="submit" className={`button ${locked ? 'button--primary' : 'button--danger'}`}>
          {locked ? 'Unlock kiosk' : 'Lock kiosk'}
        </button>
        <OutcomeMessage outcome={outcome} />
      </form>
    </li>
  );
}

function EnrollmentForm({ sites }: { sites: SiteSummary[] }) {
  const [siteId, setSiteId] = useState('');
  const [ttlHours, setTtlHours] = useState('24');
  const [code, setCode] = useState<EnrollmentCode>();
  const [outcome, setOutcome] = useState<Outcome>();
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const r = await postJson(
      CONSOLE_ROUTES.enrollmentCodes,
      { siteId, ttlHours: Number(ttlHours) },
      EnrollmentCode,
    );
    if (r.ok) {
      setCode(r.value);
      setOutcome({
        kind: 'ok',
        message: 'Code created. Give it to the technician; it works once.',
      });
    } else setOutcome({ kind: 'error', message: r.message });
  };
  return (
    <Section title="Enrollment code for a new kiosk" className="card">
      <form onSubmit={(e) => void submit(e)} data-form="enrollment">
        <SelectField
          label="Site"
          required
          value={siteId}
          onChange={setSiteId}
          options={[
            { value: '', label: 'Choose a site' },
            ...sites.map((s) => ({ value: s.siteId, label: s.name })),
          ]}
        />
        <Field
          label="Valid for (hours)"
          type="number"
          min={1}
          max={168}
          required
          value={ttlHours}
          onChange={(e) => setTtlHours(e.target.value)}
        />
        <button type="submit" className="button button--primary">
          Create code
        </button>
        <OutcomeMessage outcome={outcome} />
      </form>
      {code && (
        <p className="enrollment-code">
          Code: <code data-enrollment-code>{code.code}</code> (until {formatTime(code.expiresAt)})
        </p>
      )}
    </Section>
  );
}

function SiteForm({ onCreated }: { onCreated: () => void }) {
  const [siteId, setSiteId] = useState('');
  const [name, setName] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const r = await postJson(CONSOLE_ROUTES.sites, { siteId, name }, null);
    if (r.ok) {
      setOutcome({ kind: 'ok', message: `Site ${name} created.` });
      setSiteId('');
      setName('');
      onCreated();
    } else setOutcome({ kind: 'error', message: r.message });
  };
  return (
    <Section title="New site" className="card">
      <form onSubmit={(e) => void submit(e)} data-form="site">
        <Field
          label="Site id (short, lowercase)"
          required
          pattern="[a-z0-9][a-z0-9\-]{1,31}"
          value={siteId}
          onChange={(e) => setSiteId(e.target.value)}
        />
        <Field label="Site name" required value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="button button--primary">
          Create site
        </button>
        <OutcomeMessage outcome={outcome} />
      </form>
    </Section>
  );
}

export function KiosksPage() {
  const sites = useLoad(() => getJson(CONSOLE_ROUTES.sites, SiteList));
  const list = sites.value?.sites ?? [];
  return (
    <>
      <h1>Kiosks and sites</h1>
      <OutcomeMessage outcome={sites.error ? { kind: 'error', message: sites.error } : undefined} />
      <div className="columns">
        {list.map((s) => (
          <Section key={s.siteId} title={`Site: ${s.name}`} className="card">
            {s.kiosks.length === 0 ? (
              <p>No kiosk enrolled yet.</p>
            ) : (
              <ul className="kiosk-list">
                {s.kiosks.map((k) => (
                  <KioskRow key={k.kioskId} kiosk={k} onChanged={sites.reload} />
                ))}
              </ul>
            )}
          </Section>
        ))}
        <EnrollmentForm sites={list} />
        <SiteForm onCreated={sites.reload} />
      </div>
    </>
  );
}
