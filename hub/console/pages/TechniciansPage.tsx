import { useState, type FormEvent } from 'react';
import { Published } from '../../pharmacy/console-api';
import {
  IssuedBadge,
  TECHNICIAN_ROLES,
  TECHNICIAN_STOCK_ROUTES as ROUTES,
  TechnicianList,
  type BadgeSummary,
  type TechnicianSummary,
} from '../../pharmacy/technicians-stock-api';
import { getJson, postJson } from '../api-client';
import { Field, SelectField } from '../components/Field';
import { OutcomeMessage, type Outcome } from '../components/Outcome';
import { Section } from '../components/Section';
import { formatTime } from '../format';
import { useLoad } from '../use-load';

/**
 * The technician roster and service badges (issue 9): add and remove technicians (the PIN is
 * typed here once and hashed by the hub at once: it is never shown again), issue a badge as a QR
 * to print, revoke a lost one. Every change reaches the kiosks at their next sync.
 */

const ROLE_LABEL: Record<(typeof TECHNICIAN_ROLES)[number], string> = {
  technician: 'Technician (every tool on the kiosk)',
  restock: 'Restock',
  maintenance: 'Maintenance',
};

const badgeState = (b: BadgeSummary, now: number): string =>
  b.revokedAt
    ? `Revoked ${formatTime(b.revokedAt)}`
    : Date.parse(b.validUntil) <= now
      ? 'Expired'
      : `Valid until ${formatTime(b.validUntil)}`;

function AddTechnicianForm({ onDone }: { onDone: () => void }) {
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<string[]>(['technician']);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    const r = await postJson(ROUTES.technicians, { id, name, roles, pin }, Published);
    setBusy(false);
    // The PIN leaves the page either way: it is typed once, never kept.
    setPin('');
    if (r.ok) {
      setOutcome({
        kind: 'ok',
        message: `${name} is on the roster. Every kiosk has it after its next sync (roster version ${r.value.version}). Give them their PIN in person; it is not shown again.`,
      });
      setId('');
      setName('');
      onDone();
    } else setOutcome({ kind: 'error', message: r.message });
  };
  return (
    <Section title="Add a technician" className="card">
      <form onSubmit={(e) => void submit(e)} data-form="add-technician">
        <Field
          label="Technician id"
          hint="Letters, digits, dot, dash or underscore, e.g. T-0042"
          required
          maxLength={64}
          value={id}
          onChange={(e) => setId(e.target.value)}
        />
        <Field
          label="Full name"
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <fieldset>
          <legend>Roles</legend>
          {TECHNICIAN_ROLES.map((role) => (
            <label key={role} className="checkbox">
              <input
                type="checkbox"
                checked={roles.includes(role)}
                onChange={(e) =>
                  setRoles(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))
                }
              />
              {ROLE_LABEL[role]}
            </label>
          ))}
        </fieldset>
        <Field
          label="PIN (6 to 12 digits)"
          hint="The technician types it on the kiosk after scanning their badge. It is hashed at once and never shown again."
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          pattern="[0-9]{6,12}"
          required
          value={pin}
          onChange={(e) => setPin(e.target.value)}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          Add to roster
        </button>
        <OutcomeMessage outcome={outcome} />
      </form>
    </Section>
  );
}

function IssuedBadgeCard({ badge }: { badge: IssuedBadge }) {
  return (
    <Section title="Service badge" className="card issued">
      <img
        className="issued__qr"
        src={badge.qrPng}
        alt={`Service badge QR code for ${badge.name}`}
        data-qr="badge"
      />
      <dl className="facts">
        <dt>Technician</dt>
        <dd>
          {badge.name} (<code>{badge.technicianId}</code>)
        </dd>
        <dt>Badge id</dt>
        <dd>
          <code data-badge-id>{badge.badgeId}</code>
        </dd>
        <dt>Valid</dt>
        <dd>
          from {formatTime(badge.validFrom)} until{' '}
          <strong data-badge-valid-until>{formatTime(badge.validUntil)}</strong>
        </dd>
        <dt>Roles</dt>
        <dd>{badge.roles.join(', ')}</dd>
      </dl>
      <button type="button" className="button" onClick={() => window.print()}>
        Print
      </button>
      <details>
        <summary>Badge QR text (for a scanner test)</summary>
        <textarea readOnly aria-label="Badge QR text" value={badge.qrText} rows={4} />
      </details>
    </Section>
  );
}

function IssueBadgeForm({
  technicians,
  onDone,
}: {
  technicians: readonly TechnicianSummary[];
  onDone: () => void;
}) {
  const [technicianId, setTechnicianId] = useState('');
  const [validDays, setValidDays] = useState('90');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const [issued, setIssued] = useState<IssuedBadge>();
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    const r = await postJson(
      ROUTES.badges,
      { technicianId, validDays: Number(validDays) },
      IssuedBadge,
    );
    setBusy(false);
    if (r.ok) {
      setIssued(r.value);
      setOutcome({ kind: 'ok', message: `Badge signed for ${r.value.name}. Print it below.` });
      onDone();
    } else setOutcome({ kind: 'error', message: r.message });
  };
  return (
    <>
      <Section title="Issue a service badge" className="card">
        <form onSubmit={(e) => void submit(e)} data-form="issue-badge">
          <SelectField
            label="Technician"
            required
            value={technicianId}
            onChange={setTechnicianId}
            options={[
              { value: '', label: 'Choose a technician' },
              ...technicians.map((t) => ({ value: t.id, label: `${t.name} (${t.id})` })),
            ]}
          />
          <Field
            label="Valid for (days)"
            type="number"
            min={1}
            max={365}
            required
            value={validDays}
            onChange={(e) => setValidDays(e.target.value)}
          />
          <button type="submit" className="button button--primary" disabled={busy}>
            Sign badge
          </button>
          <OutcomeMessage outcome={outcome} />
        </form>
      </Section>
      {issued && <IssuedBadgeCard badge={issued} />}
    </>
  );
}

function RevokeBadgeForm({
  technicians,
  onDone,
}: {
  technicians: readonly TechnicianSummary[];
  onDone: () => void;
}) {
  const [badgeId, setBadgeId] = useState('');
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();
  const now = Date.now();
  const live = technicians.flatMap((t) =>
    t.badges
      .filter((b) => !b.revokedAt && Date.parse(b.validUntil) > now)
      .map((b) => ({
        value: b.badgeId,
        label: `${t.name}: badge ${b.badgeId.slice(0, 8)}…, valid until ${formatTime(b.validUntil)}`,
      })),
  );
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const r = await postJson(ROUTES.revokeBadge, { badgeId, reason }, Published);
    if (r.ok) {
      setOutcome({
        kind: 'ok',
        message: `Badge revoked: every kiosk refuses it after its next sync (revocation list version ${r.value.version}).`,
      });
      setBadgeId('');
      setReason('');
      onDone();
    } else setOutcome({ kind: 'error', message: r.message });
  };
  return (
    <Section title="Revoke a badge" className="card">
      <p>For a lost or stolen badge. The technician stays on the roster and can get a new one.</p>
      <form onSubmit={(e) => void submit(e)} data-form="revoke-badge">
        <SelectField
          label="Badge"
          required
          value={badgeId}
          onChange={setBadgeId}
          options={[{ value: '', label: 'Choose a badge' }, ...live]}
        />
        <Field label="Reason" required value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="submit" className="button button--danger">
          Revoke badge
        </button>
        <OutcomeMessage outcome={outcome} />
      </form>
    </Section>
  );
}

function RemoveTechnicianForm({
  technicians,
  onDone,
}: {
  technicians: readonly TechnicianSummary[];
  onDone: () => void;
}) {
  const [id, setId] = useState('');
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const r = await postJson(ROUTES.removeTechnician, { id, reason }, Published);
    if (r.ok) {
      setOutcome({
        kind: 'ok',
        message: `Removed from the roster, and their badges revoked (roster version ${r.value.version}).`,
      });
      setId('');
      setReason('');
      onDone();
    } else setOutcome({ kind: 'error', message: r.message });
  };
  return (
    <Section title="Remove a technician" className="card">
      <form onSubmit={(e) => void submit(e)} data-form="remove-technician">
        <SelectField
          label="Technician to remove"
          required
          value={id}
          onChange={setId}
          options={[
            { value: '', label: 'Choose a technician' },
            ...technicians.map((t) => ({ value: t.id, label: `${t.name} (${t.id})` })),
          ]}
        />
        <Field label="Reason" required value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="submit" className="button button--danger">
          Remove from roster
        </button>
        <OutcomeMessage outcome={outcome} />
      </form>
    </Section>
  );
}

function RosterTable({ list }: { list: TechnicianList }) {
  const now = Date.now();
  if (list.technicians.length === 0)
    return <p className="empty">No technician yet: add the first one above.</p>;
  return (
    <div className="table-wrap">
      <table data-table="roster">
        <caption>
          Roster
          {list.roster &&
            ` (version ${list.roster.version}, signed until ${formatTime(list.roster.expiresAt)}; the hub re-signs it before then)`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Name</th>
            <th scope="col">Roles</th>
            <th scope="col">Added</th>
            <th scope="col">Badges</th>
          </tr>
        </thead>
        <tbody>
          {list.technicians.map((t) => (
            <tr key={t.id} data-technician={t.id}>
              <td>
                <code>{t.id}</code>
              </td>
              <td>{t.name}</td>
              <td>{t.roles.join(', ')}</td>
              <td>
                {formatTime(t.addedAt)} by {t.addedBy}
              </td>
              <td>
                {t.badges.length === 0 ? (
                  'None'
                ) : (
                  <ul className="faults">
                    {t.badges.map((b) => (
                      <li key={b.badgeId} data-badge={b.badgeId}>
                        <code>{b.badgeId.slice(0, 8)}…</code> {badgeState(b, now)}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TechniciansPage() {
  const list = useLoad(() => getJson(ROUTES.technicians, TechnicianList));
  const technicians = list.value?.technicians ?? [];
  return (
    <>
      <h1>Technicians and badges</h1>
      <p className="lead">
        The roster says who may open the technician panel on a kiosk; the badge and the PIN let them
        in. Each change is signed by the hub and reaches the kiosks at their next sync.
      </p>
      {list.error && (
        <p role="alert" className="outcome outcome--error">
          {list.error}
        </p>
      )}
      <div className="columns">
        <AddTechnicianForm onDone={list.reload} />
        <IssueBadgeForm technicians={technicians} onDone={list.reload} />
        <RevokeBadgeForm technicians={technicians} onDone={list.reload} />
        <RemoveTechnicianForm technicians={technicians} onDone={list.reload} />
      </div>
      {list.value && <RosterTable list={list.value} />}
    </>
  );
}
