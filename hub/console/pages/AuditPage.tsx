import { AuditLog, CONSOLE_ROUTES } from '../../pharmacy/console-api';
import { getJson } from '../api-client';
import { OutcomeMessage } from '../components/Outcome';
import { formatTime } from '../format';
import { useLoad } from '../use-load';

const describe = (detail: unknown): string =>
  detail && typeof detail === 'object'
    ? Object.entries(detail as Record<string, unknown>)
        .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(', ')
    : '';

/** Every pharmacist action on the hub, newest first. */
export function AuditPage() {
  const log = useLoad(() => getJson(CONSOLE_ROUTES.audit, AuditLog));
  return (
    <>
      <h1>Audit log</h1>
      <p className="lead">Every action taken in this console, who took it and when.</p>
      <OutcomeMessage outcome={log.error ? { kind: 'error', message: log.error } : undefined} />
      <div className="table-wrap">
        <table>
          <caption>Latest 200 actions</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {(log.value?.entries ?? []).map((e, i) => (
              <tr key={i}>
                <td>{formatTime(e.at)}</td>
                <td>{e.username}</td>
                <td>{e.action.replaceAll('_', ' ')}</td>
                <td>{describe(e.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
