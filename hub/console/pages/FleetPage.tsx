import { CONSOLE_ROUTES, FleetDashboard, type KioskDashboard } from '../../pharmacy/console-api';
import { getJson } from '../api-client';
import { StockBars } from '../charts/StockBars';
import { SyncLagChart } from '../charts/SyncLagChart';
import { TemperatureChart } from '../charts/TemperatureChart';
import { OutcomeMessage } from '../components/Outcome';
import { Section } from '../components/Section';
import { formatDuration, formatTime } from '../format';
import { useLoad } from '../use-load';

const STATUS_LABEL: Record<KioskDashboard['status'], string> = {
  active: 'Working',
  locked: 'Locked by a pharmacist',
  flagged: 'Flagged: security check needed',
  revoked: 'Revoked',
};

function KioskCard({ kiosk, fleet }: { kiosk: KioskDashboard; fleet: FleetDashboard }) {
  const now = Date.parse(fleet.generatedAt);
  return (
    <Section title={kiosk.name} className="card kiosk-card">
      <dl className="facts" data-kiosk-dashboard={kiosk.kioskId}>
        <dt>Status</dt>
        <dd className={`status status--${kiosk.status}`}>
          {STATUS_LABEL[kiosk.status]}
          {kiosk.statusReason ? ` (${kiosk.statusReason})` : ''}
        </dd>
        <dt>Last sync</dt>
        <dd>
          {kiosk.lastSyncAt
            ? `${formatDuration(kiosk.sinceSyncMs ?? 0)} ago (${formatTime(kiosk.lastSyncAt)})`
            : 'never'}
        </dd>
        <dt>Events received</dt>
        <dd>
          up to number {kiosk.lastSeq}
          {kiosk.lastEventAt ? `, newest written ${formatTime(kiosk.lastEventAt)}` : ''}
        </dd>
        <dt>Uncertain dispenses</dt>
        <dd>{kiosk.uncertainDispenses}</dd>
      </dl>
      <h3>Stock per slot</h3>
      <StockBars slots={kiosk.slots} expiringDays={fleet.expiringDays} kioskName={kiosk.name} />
      {kiosk.expiringLots.length > 0 && (
        <div className="table-wrap">
          <table data-table="expiring">
            <caption>Lots expiring within {fleet.expiringDays} days</caption>
            <thead>
              <tr>
                <th scope="col">Slot</th>
                <th scope="col">GTIN</th>
                <th scope="col">Lot</th>
                <th scope="col">Expiry</th>
                <th scope="col">Packs</th>
              </tr>
            </thead>
            <tbody>
              {kiosk.expiringLots.map((l) => (
                <tr key={`${l.slot}-${l.gtin}-${l.lot}-${l.expiry}`}>
                  <td>{l.slot}</td>
                  <td>{l.gtin}</td>
                  <td>{l.lot}</td>
                  <td>
                    {l.expiry} ({l.daysLeft < 0 ? 'expired' : `${l.daysLeft} days`})
                  </td>
                  <td>{l.packs}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Cabinet temperature</h3>
      <TemperatureChart
        points={kiosk.temperature.points}
        minC={kiosk.temperature.minC}
        maxC={kiosk.temperature.maxC}
        days={fleet.temperatureDays}
        now={now}
        kioskName={kiosk.name}
      />
      <h3>Dispense faults, last 7 days</h3>
      {kiosk.faults.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul className="faults">
          {kiosk.faults.map((f) => (
            <li key={f.seq}>
              {formatTime(f.at)}:{' '}
              {f.outcome
                .replace(/^FAIL_/, '')
                .replaceAll('_', ' ')
                .toLowerCase()}
              {f.slot !== null ? ` at slot ${f.slot}` : ''}
              {f.detail ? ` — ${f.detail}` : ''}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function FleetPage() {
  const fleet = useLoad(() => getJson(CONSOLE_ROUTES.fleet, FleetDashboard));
  const value = fleet.value;
  return (
    <>
      <h1>Fleet dashboard</h1>
      <div className="toolbar">
        <button type="button" className="button" onClick={fleet.reload}>
          Refresh
        </button>
      </div>
      <OutcomeMessage outcome={fleet.error ? { kind: 'error', message: fleet.error } : undefined} />
      {value && (
        <>
          <Section title="Sync" className="card">
            <SyncLagChart
              kiosks={value.kiosks.map((k) => ({ name: k.name, sinceSyncMs: k.sinceSyncMs }))}
              offlineWindowDays={value.offlineWindowDays}
            />
          </Section>
          {value.kiosks.length === 0 && <p className="empty">No kiosk is enrolled yet.</p>}
          <div className="kiosk-grid">
            {value.kiosks.map((k) => (
              <KioskCard key={k.kioskId} kiosk={k} fleet={value} />
            ))}
          </div>
        </>
      )}
    </>
  );
}
