import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { MAX_UPLOAD_BATCH } from '../../contracts/hub-api';
import type { JournalEvent } from '../../contracts/journal-events';
import { systemClock } from '../../contracts/clock';
import { sampleDispenseIntent } from '../../main/journal';
import { createHubClient } from '../../main/sync/hub-client';
import type { RunningHub } from '../../hub/server/start-hub';
import {
  makeTempRoot,
  makeTestKiosk,
  quietLogger,
  startTestHub,
  type TestKiosk,
} from '../integration/support/sync-rig';
import type { ReportMeasure, ReportProgress } from './results';

/**
 * Sync throughput (issue 7).
 *
 * `sync.backlog_100k.seconds`: a kiosk whose journal holds 100,000 events (a long outage's worth)
 * uploads them all in one round of the real sync agent, over loopback, to a hub on in-memory
 * PGlite: journal read and verify, signing, HTTP, the hub's signature, chain and insert work. The
 * hub runs in its own thread, as it runs on its own machine; `….same_thread` is the same with both
 * sides sharing one event loop, for comparison.
 *
 * `hub.ingest.ratio_to_insert`: the hub's ingest alone (the same events, already in memory, posted
 * by a signing client in batches of MAX_UPLOAD_BATCH) against a plain INSERT of the same rows into
 * the same database in the same run, with no checks (the floor: the quicker of a multi-row VALUES
 * list and the JSON-array expansion the hub uses).
 */
export const name = 'sync';

const EVENTS = 100_000;
/** Acceptance: a 100k backlog is gone within 10 s of the link returning. */
const BACKLOG_GOAL_S = 10;
/** Acceptance: the hub's checks cost at most as much again as storing the rows. */
const INGEST_RATIO_GOAL = 2;

export async function run(report: ReportMeasure, progress: ReportProgress): Promise<void> {
  const temp = await makeTempRoot('bench-sync-');
  const logger = quietLogger();
  progress(`working in ${temp.root} (${os.cpus().length} cores)`);
  let hub: RunningHub | null = null;
  const kiosks: TestKiosk[] = [];
  try {
    // 1. The whole path, kiosk and hub on separate threads as on separate machines.
    const threaded = await backlogAgainstHubThread(temp.root, logger, progress);
    report({
      id: 'sync.backlog_100k.seconds',
      value: threaded,
      unit: 's',
      goal: BACKLOG_GOAL_S,
      better: 'lower',
    });

    // 2. The same with the hub in the kiosk's own thread: every CPU-second of both sides adds up.
    hub = await startTestHub(temp.root, logger);
    progress(`hub on ${hub.db.kind} (in memory) at ${hub.url}, same thread`);
    const kiosk = await prefilledKiosk(
      temp.root,
      'backlog-same-thread',
      hub.url,
      { hub },
      logger,
      progress,
    );
    kiosks.push(kiosk);
    const sameThread = await uploadBacklogWithAgent(kiosk, progress);
    report({
      id: 'sync.backlog_100k.seconds.same_thread',
      value: sameThread,
      unit: 's',
      better: 'lower',
    });

    // 3. Hub ingest alone vs a plain INSERT of the same rows, in the same database.
    const rows = (await kiosk.journal.readAll()).filter((e) => e.seq <= kiosk.journal.lastSeq);
    const roles: TestKiosk[] = [];
    for (const role of ['ingest', 'plain-values', 'plain-jsonb'] as const) {
      const made = await makeTestKiosk({
        root: temp.root,
        name: role,
        hub,
        enrollUrl: hub.url,
        syncUrl: hub.url,
        events: 0,
        logger,
      });
      kiosks.push(made);
      roles.push(made);
    }
    const [ingestKiosk, valuesKiosk, jsonbKiosk] = roles as [TestKiosk, TestKiosk, TestKiosk];
    const timed = await timeIngestAgainstInserts(hub, ingestKiosk, rows, {
      values: valuesKiosk.enrollment.kioskId,
      jsonb: jsonbKiosk.enrollment.kioskId,
    });
    const ingestSeconds = timed.ingest;
    const floors = [
      { method: 'multi-row VALUES', seconds: timed.values },
      { method: 'jsonb_to_recordset', seconds: timed.jsonb },
    ];
    for (const { method, seconds } of floors) {
      progress(
        `plain INSERT (${method}) of ${rows.length} rows: ${seconds.toFixed(2)} s ` +
          `(${Math.round(rows.length / seconds)} rows/s)`,
      );
    }
    // The floor is the quickest way this database stores the rows with no checks at all.
    const floor = floors.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    progress(
      `hub ingest ${Math.round(rows.length / ingestSeconds)} events/s (${ingestSeconds.toFixed(2)} s) ` +
        `vs plain INSERT ${Math.round(rows.length / floor.seconds)} rows/s (${floor.method})`,
    );
    report({
      id: 'hub.ingest.events_per_s',
      value: rows.length / ingestSeconds,
      unit: 'events/s',
      better: 'higher',
      floor: rows.length / floor.seconds,
    });
    report({
      id: 'hub.ingest.ratio_to_insert',
      value: ingestSeconds / floor.seconds,
      unit: 'x',
      goal: INGEST_RATIO_GOAL,
      better: 'lower',
      floor: floor.seconds,
    });
  } finally {
    for (const kiosk of kiosks) await kiosk.close().catch(() => undefined);
    await hub?.close();
    await temp.remove();
  }
}

async function backlogAgainstHubThread(
  root: string,
  logger: ReturnType<typeof quietLogger>,
  progress: ReportProgress,
): Promise<number> {
  // A worker does not inherit tsx's loader hooks: register them in the worker, then load it.
  const entry = new URL('./sync-hub-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`,
    { eval: true, workerData: { root: path.join(root, 'threaded'), codes: 1 } },
  );
  let kiosk: TestKiosk | null = null;
  try {
    const ready = await new Promise<{ url: string; codes: string[]; db: string }>(
      (resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`hub worker exited (${code})`)));
      },
    );
    progress(`hub on ${ready.db} (in memory) at ${ready.url}, in its own thread`);
    kiosk = await prefilledKiosk(
      root,
      'backlog',
      ready.url,
      { code: ready.codes[0] },
      logger,
      progress,
    );
    return await uploadBacklogWithAgent(kiosk, progress);
  } finally {
    await kiosk?.close().catch(() => undefined);
    const closed = new Promise((resolve) => worker.once('message', resolve));
    worker.postMessage('close');
    await closed;
    await worker.terminate();
  }
}

async function prefilledKiosk(
  root: string,
  name: string,
  hubUrl: string,
  enroll: { hub?: RunningHub; code?: string },
  logger: ReturnType<typeof quietLogger>,
  progress: ReportProgress,
): Promise<TestKiosk> {
  const started = performance.now();
  const kiosk = await makeTestKiosk({
    root,
    name,
    ...enroll,
    enrollUrl: hubUrl,
    syncUrl: hubUrl,
    events: EVENTS,
    eventAt: sampleDispenseIntent,
    logger,
  });
  progress(
    `${name}: journal of ${EVENTS} events (+ ${kiosk.journal.lastSeq - EVENTS} CHECKPOINTs) ` +
      `written and verified in ${ms(started)} ms`,
  );
  return kiosk;
}

/** One sync round of the real agent; the seconds it took. Progress on stderr. */
async function uploadBacklogWithAgent(kiosk: TestKiosk, progress: ReportProgress): Promise<number> {
  const total = kiosk.journal.lastSeq;
  const agent = kiosk.startAgent({
    autoStart: false,
    onStored: (seq) =>
      process.stderr.write(`\r[sync] ${kiosk.name}: hub holds ${seq} / ${total}   `),
  });
  const started = performance.now();
  const status = await agent.syncNow();
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write('\n');
  await agent.stop();
  if (status.state !== 'online' || status.storedUpToSeq < total) {
    throw new Error(`the backlog upload did not finish: ${JSON.stringify(status)}`);
  }
  progress(
    `${kiosk.name}: ${total} events uploaded by the agent in ${seconds.toFixed(2)} s ` +
      `(${Math.round(total / seconds)} events/s)`,
  );
  return seconds;
}

/**
 * The hub's upload endpoint, fed batches of MAX_UPLOAD_BATCH already in memory, against the same
 * batch stored with a plain INSERT both ways, batch by batch in turn: on a busy machine all three
 * see the same load, so their ratio stays meaningful. Seconds, summed per method.
 */
async function timeIngestAgainstInserts(
  hub: RunningHub,
  kiosk: TestKiosk,
  rows: readonly JournalEvent[],
  floorKioskIds: { values: string; jsonb: string },
): Promise<{ ingest: number; values: number; jsonb: number }> {
  const client = createHubClient({
    hubUrl: hub.url,
    kioskId: kiosk.enrollment.kioskId,
    signer: kiosk.deviceKey,
    clock: systemClock,
  });
  const total = { ingest: 0, values: 0, jsonb: 0 };
  for (let from = 0; from < rows.length; from += MAX_UPLOAD_BATCH) {
    const batch = rows.slice(from, from + MAX_UPLOAD_BATCH);
    let started = performance.now();
    const answer = await client.uploadEvents(batch);
    total.ingest += performance.now() - started;
    if (!answer.ok) throw new Error(`ingest failed at ${from}: ${JSON.stringify(answer.error)}`);
    started = performance.now();
    await plainInsert(hub, floorKioskIds.values, batch, 'values');
    total.values += performance.now() - started;
    started = performance.now();
    await plainInsert(hub, floorKioskIds.jsonb, batch, 'jsonb_to_recordset');
    total.jsonb += performance.now() - started;
  }
  return { ingest: total.ingest / 1000, values: total.values / 1000, jsonb: total.jsonb / 1000 };
}

/**
 * The floor: one batch with no checks, one statement — either a multi-row VALUES list with bound
 * parameters, or the JSON-array expansion the hub itself uses.
 */
async function plainInsert(
  hub: RunningHub,
  kioskId: string,
  batch: readonly JournalEvent[],
  method: 'values' | 'jsonb_to_recordset',
): Promise<void> {
  if (method === 'jsonb_to_recordset') {
    await hub.db.query(
      `INSERT INTO events (kiosk_id, seq, id, ts, type, data, prev, hash)
       SELECT $1::text, e.seq, e.id, e.ts, e.type, e.data, e.prev, e.hash
       FROM jsonb_to_recordset($2::jsonb)
         AS e(seq bigint, id uuid, ts text, type text, data jsonb, prev text, hash text)`,
      [kioskId, JSON.stringify(batch)],
    );
    return;
  }
  const params: unknown[] = [];
  const values = batch.map((e, i) => {
    params.push(kioskId, e.seq, e.id, e.ts, e.type, JSON.stringify(e.data), e.prev, e.hash);
    const p = i * 8;
    return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}::jsonb, $${p + 7}, $${p + 8})`;
  });
  await hub.db.query(
    `INSERT INTO events (kiosk_id, seq, id, ts, type, data, prev, hash) VALUES ${values.join(', ')}`,
    params,
  );
}

const ms = (start: number): string => (performance.now() - start).toFixed(0);
