import { parentPort, workerData } from 'node:worker_threads';
import { newEnrollmentCode, quietLogger, startTestHub } from '../integration/support/sync-rig';

/**
 * The sync bench's hub in its own thread: a kiosk and its hub are two machines, so the bench
 * must not make them share one event loop (that would add the hub's CPU time to the kiosk's and
 * hide whether the agent overlaps reading the journal with the hub's work). Posts
 * `{ url, codes }` once listening; answers `'close'` with `'closed'`.
 */
const { root, codes } = workerData as { root: string; codes: number };
const port = parentPort;
if (!port) throw new Error('sync-hub-worker runs as a worker thread');

const hub = await startTestHub(root, quietLogger());
const made: string[] = [];
for (let i = 0; i < codes; i++) made.push(await newEnrollmentCode(hub));
port.on('message', (message) => {
  if (message !== 'close') return;
  void hub.close().then(() => port.postMessage('closed'));
});
port.postMessage({ url: hub.url, codes: made, db: hub.db.kind });
