import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../hub/server/start-hub';
import {
  cheapEvent,
  makeTempRoot,
  makeTestKiosk,
  startTestHub,
  type TestKiosk,
} from './support/sync-rig';

/**
 * Fork (issue 7): a kiosk uploads its journal; then its journal is rewritten — a fresh journal
 * signed with the same device key, with different events at the same seqs — and it syncs again.
 * The hub must answer `fork`, raise an alert and flag the kiosk; the agent must say so and stop
 * uploading.
 */

let temp: Awaited<ReturnType<typeof makeTempRoot>>;
let hub: RunningHub;
const open: TestKiosk[] = [];

beforeAll(async () => {
  temp = await makeTempRoot('sync-fork-');
  hub = await startTestHub(temp.root);
});

afterAll(async () => {
  for (const kiosk of open) await kiosk.close().catch(() => undefined);
  await hub?.close();
  await temp?.remove();
});

/** A fetch that counts the requests the agent makes. */
function countingFetch(): { fetch: typeof fetch; requests: string[] } {
  const requests: string[] = [];
  return {
    requests,
    fetch: (input, init) => {
      requests.push(new URL(String(input)).pathname.split('/').at(-1) ?? '');
      return fetch(input, init);
    },
  };
}

async function kioskRow(kioskId: string) {
  const { rows } = await hub.db.query<{ status: string; status_reason: string | null; n: number }>(
    `SELECT status, status_reason, (SELECT count(*)::int FROM events e WHERE e.kiosk_id = k.kiosk_id) AS n
       FROM kiosks k WHERE kiosk_id = $1`,
    [kioskId],
  );
  return rows[0];
}

describe('a rewritten journal', () => {
  it('is answered with fork, alerted and flagged, and the agent stops uploading', async () => {
    const original = await makeTestKiosk({
      root: temp.root,
      name: 'original',
      hub,
      enrollUrl: hub.url,
      syncUrl: hub.url,
      events: 300,
    });
    open.push(original);
    const first = original.startAgent({ autoStart: false });
    const synced = await first.syncNow();
    await first.stop();
    expect(synced).toMatchObject({ state: 'online', storedUpToSeq: 300, lastError: null });
    const kioskId = original.enrollment.kioskId;
    expect(await kioskRow(kioskId)).toMatchObject({ status: 'active', n: 300 });
    await original.close();
    open.pop();

    // Same device key and enrollment, a different history: seq 1.. are other events.
    const rewritten = await makeTestKiosk({
      root: temp.root,
      name: 'rewritten',
      hub,
      enrollUrl: hub.url,
      syncUrl: hub.url,
      events: 400,
      eventAt: (i) => cheapEvent(i + 1),
      deviceKeyDir: path.join(original.dataDir, 'keys'),
      enrollment: original.enrollment,
      enrolledDir: original.dataDir,
    });
    open.push(rewritten);
    expect(rewritten.deviceKey.keyId).toBe(original.deviceKey.keyId);

    const counter = countingFetch();
    const agent = rewritten.startAgent({
      autoStart: false,
      fetch: counter.fetch,
      timing: { retryBaseMs: 10, retryCapMs: 20, intervalMs: 20 },
    });
    const status = await agent.syncNow();
    expect(status.state).toBe('forked');
    expect(status.lastError).toMatchObject({ kind: 'fork', code: 'fork' });
    expect(status.lastError?.message).toMatch(/seq 300 has a different hash/);

    // The hub kept its own history, raised an alert and flagged the kiosk.
    expect(await kioskRow(kioskId)).toMatchObject({ status: 'flagged', n: 300 });
    expect((await kioskRow(kioskId))?.status_reason).toMatch(/fork at seq 300/);
    const alerts = await hub.db.query<{ kind: string; detail: { seq: number } }>(
      'SELECT kind, detail FROM alerts WHERE kiosk_id = $1',
      [kioskId],
    );
    expect(alerts.rows).toEqual([{ kind: 'fork', detail: expect.objectContaining({ seq: 300 }) }]);

    // It stops: no request after the fork, neither on its timers nor when asked.
    const requestsAtFork = counter.requests.length;
    expect(counter.requests).toEqual(['downloads', 'events']);
    await new Promise((r) => setTimeout(r, 200));
    expect((await agent.syncNow()).state).toBe('forked');
    expect(counter.requests).toHaveLength(requestsAtFork);
    await agent.stop();

    // The patient flow is untouched: the journal still takes events, none of them reach the hub.
    await rewritten.journal.append('CABINET_READING', {
      temperatureC: 21,
      setpointC: 20,
      door: 'closed',
      temperatureControl: 'ok',
    });

    // After a restart the kiosk is refused as flagged until a pharmacist clears it.
    const restarted = rewritten.startAgent({
      autoStart: false,
      timing: { retryBaseMs: 60_000, retryCapMs: 60_000, intervalMs: 60_000 },
    });
    const refused = await restarted.syncNow();
    await restarted.stop();
    expect(refused).toMatchObject({
      state: 'offline',
      lastError: { kind: 'refused', code: 'revoked_kiosk' },
    });
    expect(await kioskRow(kioskId)).toMatchObject({ status: 'flagged', n: 300 });
    expect(
      (await hub.db.query('SELECT 1 FROM alerts WHERE kiosk_id = $1', [kioskId])).rows,
    ).toHaveLength(1);
  });

  it('a shorter rewritten journal is caught too: the hub judges the probe and flags the kiosk', async () => {
    const original = await makeTestKiosk({
      root: temp.root,
      name: 'original-2',
      hub,
      enrollUrl: hub.url,
      syncUrl: hub.url,
      events: 200,
    });
    open.push(original);
    const first = original.startAgent({ autoStart: false });
    expect((await first.syncNow()).storedUpToSeq).toBe(200);
    await first.stop();
    await original.close();
    open.pop();

    const shorter = await makeTestKiosk({
      root: temp.root,
      name: 'rewritten-2',
      hub,
      enrollUrl: hub.url,
      syncUrl: hub.url,
      events: 50,
      eventAt: (i) => cheapEvent(i + 3),
      deviceKeyDir: path.join(original.dataDir, 'keys'),
      enrollment: original.enrollment,
      enrolledDir: original.dataDir,
    });
    open.push(shorter);
    const agent = shorter.startAgent({ autoStart: false });
    const status = await agent.syncNow();
    await agent.stop();
    expect(status).toMatchObject({ state: 'forked', lastError: { kind: 'fork' } });
    expect(await kioskRow(original.enrollment.kioskId)).toMatchObject({
      status: 'flagged',
      n: 200,
    });
  });
});
