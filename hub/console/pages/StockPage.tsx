import { useState, type FormEvent } from 'react';
import { Published } from '../../pharmacy/console-api';
import {
  ColdChainList,
  RestockOrderList,
  TECHNICIAN_STOCK_ROUTES as ROUTES,
  type BlockedSlot,
  type KioskRestockOrder,
} from '../../pharmacy/technicians-stock-api';
import { getJson, postJson } from '../api-client';
import { ExcursionGauge } from '../charts/ExcursionGauge';
import { Field, SelectField } from '../components/Field';
import { OutcomeMessage, type Outcome } from '../components/Outcome';
import { Section } from '../components/Section';
import { formatTime } from '../format';
import { useLoad } from '../use-load';

/**
 * Stock from the console: restock orders per kiosk (issue 7: which packs the technician brings
 * to which slot) and cold-chain releases (issue 9: slots a temperature excursion blocked, which
 * the pharmacist lets serve again after checking the medicine). Each reaches the kiosk at its
 * next sync.
 */

interface LineDraft {
  slot: string;
  gtin: string;
  packs: string;
  medication: string;
}
const emptyLine = (): LineDraft => ({ slot: '', gtin: '', packs: '1', medication: '' });

function RestockOrderForm({
  kiosks,
  onDone,
}: {
  kiosks: readonly KioskRestockOrder[];
  onDone: () => void;
}) {
  const [kioskId, setKioskId] = useState('');
  const [note, setNote] = useState('');
  const [lines, setLines] = useState<LineDraft[]>([emptyLine()]);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const setLine = (index: number, change: Partial<LineDraft>): void =>
    setLines(lines.map((l, i) => (i === index ? { ...l, ...change } : l)));
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    const r = await postJson(
      ROUTES.restockOrders,
      {
        kioskId,
        note,
        lines: lines.map((l) => ({
          slot: Number(l.slot),
          gtin: l.gtin.trim(),
          packs: Number(l.packs),
          medication: l.medication,
        })),
      },
      Published,
    );
    setBusy(false);
    if (r.ok) {
      setOutcome({
        kind: 'ok',
        message: `Restock order sent: the kiosk shows it to its technician after its next sync (version ${r.value.version}).`,
      });
      setLines([emptyLine()]);
      setNote('');
      onDone();
    } else setOutcome({ kind: 'error', message: r.message });
  };
  return (
    <Section title="New restock order" className="card">
      <p>It replaces the kiosk’s current order, if it has one.</p>
      <form onSubmit={(e) => void submit(e)} data-form="restock">
        <SelectField
          label="Kiosk"
          required
          value={kioskId}
          onChange={setKioskId}
          options={[
            { value: '', label: 'Choose a kiosk' },
            ...kiosks.map((k) => ({ value: k.kioskId, label: `${k.kioskName} (${k.siteId})` })),
          ]}
        />
        {lines.map((line, i) => (
          <fieldset key={i} data-restock-line={i}>
            <legend>Line {i + 1}</legend>
            <Field
              label={`Slot (line ${i + 1})`}
              type="number"
              min={1}
              required
              value={line.slot}
              onChange={(e) => setLine(i, { slot: e.target.value })}
            />
            <Field
              label={`GTIN (line ${i + 1})`}
              inputMode="numeric"
              pattern="[0-9]{14}"
              required
              value={line.gtin}
              onChange={(e) => setLine(i, { gtin: e.target.value })}
            />
            <Field
              label={`Packs (line ${i + 1})`}
              type="number"
              min={1}
              max={1000}
              required
              value={line.packs}
              onChange={(e) => setLine(i, { packs: e.target.value })}
            />
            <Field
              label={`Medicine (line ${i + 1})`}
              hint="As the technician reads it on the pack, e.g. Amlodipine 5 mg, 28 tablets"
              required
              maxLength={200}
              value={line.medication}
              onChange={(e) => setLine(i, { medication: e.target.value })}
            />
            {lines.length > 1 && (
              <button
                type="button"
                className="button"
                onClick={() => setLines(lines.filter((_, j) => j !== i))}
              >
                Remove line {i + 1}
              </button>
            )}
          </fieldset>
        ))}
        <button type="button" className="button" onClick={() => setLines([...lines, emptyLine()])}>
          Add a line
        </button>
        <Field
          label="Note for the technician (optional)"
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          Send restock order
        </button>
        <OutcomeMessage outcome={outcome} />
      </form>
    </Section>
  );
}

function CurrentOrder({ kiosk, onDone }: { kiosk: KioskRestockOrder; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();
  const order = kiosk.order;
  const withdraw = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const r = await postJson(
      ROUTES.withdrawRestockOrder,
      { kioskId: kiosk.kioskId, reason },
      Published,
    );
    if (r.ok) {
      setOutcome({ kind: 'ok', message: 'Order withdrawn at the kiosk’s next sync.' });
      setReason('');
      onDone();
    } else setOutcome({ kind: 'error', message: r.message });
  };
  return (
    <li className="kiosk-row" data-restock-kiosk={kiosk.kioskId}>
      <p>
        <strong>{kiosk.kioskName}</strong> <code>{kiosk.kioskId}</code> —{' '}
        {order
          ? `order of ${formatTime(order.createdAt)} by ${order.createdBy}`
          : 'no restock order'}
      </p>
      {order && (
        <>
          {order.note && <p>Note: {order.note}</p>}
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Slot</th>
                  <th scope="col">Medicine</th>
                  <th scope="col">GTIN</th>
                  <th scope="col">Packs</th>
                </tr>
              </thead>
              <tbody>
                {order.lines.map((l) => (
                  <tr key={l.slot}>
                    <td>{l.slot}</td>
                    <td>{l.medication}</td>
                    <td>
                      <code>{l.gtin}</code>
                    </td>
                    <td>{l.packs}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <form onSubmit={(e) => void withdraw(e)} className="inline-form">
            <Field
              label={`Reason to withdraw the order for ${kiosk.kioskName}`}
              required
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <button type="submit" className="button button--danger">
              Withdraw order
            </button>
          </form>
        </>
      )}
      <OutcomeMessage outcome={outcome} />
    </li>
  );
}

function BlockedSlotRow({ blocked, onDone }: { blocked: BlockedSlot; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();
  const release = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const r = await postJson(
      ROUTES.releaseSlot,
      {
        kioskId: blocked.kioskId,
        slot: blocked.slot,
        excursionSeq: blocked.excursionSeq,
        note,
      },
      Published,
    );
    if (r.ok) {
      setOutcome({
        kind: 'ok',
        message: `Released: the slot serves again after the kiosk’s next sync (version ${r.value.version}).`,
      });
      setNote('');
      onDone();
    } else setOutcome({ kind: 'error', message: r.message });
  };
  const x = blocked.excursion;
  return (
    <li
      className="kiosk-row"
      data-blocked-slot={`${blocked.kioskId}:${blocked.slot}`}
      data-state={blocked.release ? 'released' : 'blocked'}
    >
      <p>
        <strong>
          {blocked.kioskName}, slot {blocked.slot}
        </strong>{' '}
        —{' '}
        {blocked.release
          ? `Released by ${blocked.release.releasedBy} ${formatTime(blocked.release.releasedAt)}, waiting for the kiosk’s sync`
          : 'Blocked'}
      </p>
      {x && (
        <ExcursionGauge
          temperatureC={x.temperatureC}
          minC={x.minC}
          maxC={x.maxC}
          label={`Excursion at ${blocked.kioskName}`}
        />
      )}
      <p>
        {x
          ? `The cabinet read ${x.temperatureC} °C at ${formatTime(x.at)}, outside ${x.minC}–${x.maxC} °C.`
          : `Excursion event ${blocked.excursionSeq} has not reached the hub yet.`}{' '}
        Cold-chain medicines in the slot: {blocked.gtins.join(', ')}. Blocked{' '}
        {formatTime(blocked.blockedAt)}.
      </p>
      {!blocked.release && (
        <form onSubmit={(e) => void release(e)} className="inline-form">
          <Field
            label={`What you checked before releasing slot ${blocked.slot} of ${blocked.kioskName}`}
            required
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <button type="submit" className="button button--primary">
            Release slot
          </button>
        </form>
      )}
      <OutcomeMessage outcome={outcome} />
    </li>
  );
}

export function StockPage() {
  const orders = useLoad(() => getJson(ROUTES.restockOrders, RestockOrderList));
  const coldChain = useLoad(() => getJson(ROUTES.coldChain, ColdChainList));
  const kiosks = orders.value?.kiosks ?? [];
  const blocked = coldChain.value?.blocked ?? [];
  return (
    <>
      <h1>Restock orders and cold chain</h1>
      <p className="lead">
        Each order or release is signed by the hub and reaches the kiosk at its next sync.
      </p>
      {(orders.error ?? coldChain.error) && (
        <p role="alert" className="outcome outcome--error">
          {orders.error ?? coldChain.error}
        </p>
      )}
      <div className="columns">
        <RestockOrderForm kiosks={kiosks} onDone={orders.reload} />
        <Section title="Current restock orders" className="card">
          <ul className="kiosk-list">
            {kiosks.map((k) => (
              <CurrentOrder key={k.kioskId} kiosk={k} onDone={orders.reload} />
            ))}
          </ul>
          {kiosks.length === 0 && <p className="empty">No kiosk is enrolled yet.</p>}
        </Section>
      </div>
      <Section title="Slots blocked after a temperature excursion" className="card">
        <div className="toolbar">
          <button type="button" className="button" onClick={coldChain.reload}>
            Refresh
          </button>
        </div>
        {blocked.length === 0 ? (
          <p className="empty">No slot is blocked.</p>
        ) : (
          <ul className="kiosk-list" data-list="blocked-slots">
            {blocked.map((b) => (
              <BlockedSlotRow
                key={`${b.kioskId}:${b.slot}:${b.excursionSeq}`}
                blocked={b}
                onDone={coldChain.reload}
              />
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
