import { useState, type FormEvent } from 'react';
import {
  CONSOLE_ROUTES,
  Published,
  ReviewQueue,
  type ReviewItem,
} from '../../pharmacy/console-api';
import { getJson, postJson } from '../api-client';
import { Field } from '../components/Field';
import { OutcomeMessage, type Outcome } from '../components/Outcome';
import { formatTime } from '../format';
import { useLoad } from '../use-load';

const KIND_LABEL: Record<ReviewItem['kind'], string> = {
  uncertain_dispense: 'Uncertain dispense',
  vitals_out_of_range: 'Vitals out of range',
  patient_locked: 'Patient check locked',
  help_requested: 'Help request',
  refill_requested: 'Refill request',
  fork: 'Security: journal rewritten',
  duplicate_fill: 'Security: duplicate fill',
  alert: 'Alert',
  count_discrepancy: 'Stock: count differs',
  stock_adjustment: 'Stock: motor test removed packs',
  pack_removed: 'Stock: pack removed',
};

const STATE_LABEL: Record<ReviewItem['state'], string> = {
  open: 'Open',
  resolved: 'Dealt with',
  pending: 'Waiting for a decision',
  approved: 'Approved',
  declined: 'Declined',
};

const refKey = (item: ReviewItem): string =>
  'alertId' in item.ref ? `alert-${item.ref.alertId}` : `event-${item.ref.kioskId}-${item.ref.seq}`;

function RefillDecision({ item, onDone }: { item: ReviewItem; onDone: (message: string) => void }) {
  const [extraFills, setExtraFills] = useState('1');
  const [validDays, setValidDays] = useState('30');
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();
  if (!('kioskId' in item.ref)) return null;
  const ref = item.ref;

  const approve = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const r = await postJson(
      CONSOLE_ROUTES.approveRefillRequest,
      { ...ref, extraFills: Number(extraFills), validDays: Number(validDays) },
      Published,
    );
    if (r.ok)
      onDone(
        `Refill approved. It reaches the kiosk at its next sync (refill list version ${r.value.version}).`,
      );
    else setOutcome({ kind: 'error', message: r.message });
  };
  const decline = async (): Promise<void> => {
    const r = await postJson(CONSOLE_ROUTES.declineRefillRequest, { ...ref, reason }, null);
    if (r.ok) onDone('Refill declined.');
    else setOutcome({ kind: 'error', message: r.message });
  };

  return (
    <form className="item__actions" onSubmit={(e) => void approve(e)}>
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
      <button type="submit" className="button button--primary" data-action="approve-refill">
        Approve refill
      </button>
      <Field label="Reason to decline" value={reason} onChange={(e) => setReason(e.target.value)} />
      <button
        type="button"
        className="button button--danger"
        onClick={() => void decline()}
        data-action="decline-refill"
      >
        Decline
      </button>
      <OutcomeMessage outcome={outcome} />
    </form>
  );
}

function Resolve({ item, onDone }: { item: ReviewItem; onDone: (message: string) => void }) {
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const r = await postJson(CONSOLE_ROUTES.resolveReview, { ref: item.ref, note }, null);
    if (r.ok) onDone('Marked as dealt with.');
    else setOutcome({ kind: 'error', message: r.message });
  };
  const revoke = async (): Promise<void> => {
    if (!item.jti) return;
    const r = await postJson(
      CONSOLE_ROUTES.revoke,
      { jti: item.jti, reason: note || 'filled at more than one kiosk' },
      Published,
    );
    setOutcome(
      r.ok
        ? {
            kind: 'ok',
            message: `Prescription revoked (revocation list version ${r.value.version}).`,
          }
        : { kind: 'error', message: r.message },
    );
  };
  return (
    <form className="item__actions" onSubmit={(e) => void submit(e)}>
      <Field label="Note (what you did)" value={note} onChange={(e) => setNote(e.target.value)} />
      <button type="submit" className="button" data-action="resolve">
        Mark as dealt with
      </button>
      {item.kind === 'duplicate_fill' && item.jti && (
        <button type="button" className="button button--danger" onClick={() => void revoke()}>
          Revoke this prescription
        </button>
      )}
      <OutcomeMessage outcome={outcome} />
    </form>
  );
}

export function ReviewPage() {
  const [showDone, setShowDone] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const queue = useLoad(() =>
    getJson(`${CONSOLE_ROUTES.review}${showDone ? '?state=all' : ''}`, ReviewQueue),
  );
  const done = (message: string): void => {
    setOutcome({ kind: 'ok', message });
    queue.reload();
  };
  const items = queue.value?.items ?? [];

  return (
    <>
      <h1>Review queue</h1>
      <p className="lead">
        What the kiosks flagged for a pharmacist: packs that may not have come out, vitals out of
        range, locked prescriptions, help and refill requests, and security alerts. Newest first.
      </p>
      <div className="toolbar">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={showDone}
            onChange={(e) => {
              setShowDone(e.target.checked);
              queue.reload();
            }}
          />
          Show items already dealt with
        </label>
        <button type="button" className="button" onClick={queue.reload}>
          Refresh
        </button>
      </div>
      <OutcomeMessage
        outcome={outcome ?? (queue.error ? { kind: 'error', message: queue.error } : undefined)}
      />
      {!queue.loading && items.length === 0 && <p className="empty">Nothing to review.</p>}
      <ul className="review-list">
        {items.map((item) => (
          <li
            key={refKey(item)}
            className={`card item item--${item.kind}`}
            data-review-kind={item.kind}
            data-state={item.state}
          >
            <h2 className="item__title">
              <span className="badge">{KIND_LABEL[item.kind]}</span> {item.title}
            </h2>
            <p className="item__meta">
              {item.kioskName ?? 'Hub'} · {formatTime(item.at)} ·{' '}
              <span className="item__state">{STATE_LABEL[item.state]}</span>
              {item.decidedBy && ` by ${item.decidedBy}`}
            </p>
            <p>{item.detail}</p>
            {item.jti && (
              <p className="item__jti">
                Prescription id: <code>{item.jti}</code>
              </p>
            )}
            {item.note && <p className="item__note">Note: {item.note}</p>}
            {item.state === 'pending' && <RefillDecision item={item} onDone={done} />}
            {item.state === 'open' && <Resolve item={item} onDone={done} />}
          </li>
        ))}
      </ul>
    </>
  );
}
