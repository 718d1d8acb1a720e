import type { Clock } from '../../contracts/clock';
import type { JournalEvent } from '../../contracts/journal-events';
import type { DeviceStatus } from '../devices/supervised-device';
import type { CheckpointVerifier } from '../journal';
import type { SyncLedger } from '../sync/sync-ledger';
import { fail, type CheckOutcome } from './checks/check-result';
import { checkClock, reduceLastSync, type LastSync } from './checks/clock-check';
import { checkDevice, type DeviceProbe } from './checks/device-check';
import { checkDiskSpace, type DiskSpace } from './checks/disk-check';
import { checkJournalChain } from './checks/journal-chain-check';
import { checkListAge, type ListFacts } from './checks/list-age-check';
import { checkSyncBacklog } from './checks/sync-backlog-check';
import { checkViewConsistency, type ViewToCheck } from './checks/view-consistency-check';
import { eventLoopYielder } from './checks/event-loop-yield';
import type { SelfTestItem, SelfTestReport } from './self-test-report';

/**
 * The self-test (issue 9 item 10): every check that needs no human, each a pass/fail item with a
 * reason, in a fixed order — each device, the journal chain, the views against the journal, free
 * disk, clock sanity, the trust and revocation lists' age, the sync backlog. A check that throws
 * is a failed item (with the error), never a failed self-test: the report always comes back.
 * Nothing here writes to the journal or the views; the caller journals SELF_TEST.
 */

export interface SelfTestDeps {
  readonly kiosk: { readonly kioskId: string; readonly kioskName: string };
  readonly clock: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>;
  /** The running kiosk's devices; absent for `diag --offline` (mode `offline`). */
  readonly devices?: {
    statusList(): readonly DeviceStatus[];
    probe(id: string): DeviceProbe | undefined;
  };
  readonly journal: {
    readonly dir: string;
    readonly lastSeq: number;
    events(fromSeq?: number): AsyncIterable<JournalEvent>;
    /** The device key's checkpoint check (checkpoint signatures verified when given). */
    readonly verifyCheckpoint?: CheckpointVerifier;
  };
  readonly views: readonly ViewToCheck[];
  /** The directory whose file system must keep free space (DATA_DIR). */
  readonly dataDir: string;
  readonly minFreeBytes?: number;
  readonly measureDisk?: (dir: string) => Promise<DiskSpace>;
  readonly lists: () => { readonly trust?: ListFacts; readonly revocation?: ListFacts };
  readonly sync: () => SyncLedger;
  readonly lastSeenTime: () => number | undefined;
  readonly offlineWindowDays: number;
  readonly maxSyncBacklog?: number;
}

export interface SelfTestProgress {
  readonly completed: number;
  readonly total: number;
  readonly item: SelfTestItem;
}

interface PlannedCheck {
  readonly id: string;
  readonly title: string;
  run(): Promise<CheckOutcome>;
}

const DEVICE_TITLES: Readonly<Record<string, string>> = {
  dispenser: 'Dispenser board',
  scanner: 'Barcode scanner',
  printer: 'Label printer',
  oximeter: 'Pulse oximeter',
  bpCuff: 'Blood-pressure cuff',
};

export async function runSelfTest(
  deps: SelfTestDeps,
  onProgress?: (progress: SelfTestProgress) => void,
): Promise<SelfTestReport> {
  const startedAt = deps.clock.now();
  const checks: PlannedCheck[] = [];

  for (const status of deps.devices?.statusList() ?? []) {
    checks.push({
      id: `device:${status.id}`,
      title: DEVICE_TITLES[status.id] ?? `Device ${status.id}`,
      run: () => checkDevice(status, deps.devices?.probe(status.id), deps.clock),
    });
  }
  checks.push(
    {
      id: 'journal',
      title: 'Journal hash chain and checkpoints',
      run: () => checkJournalChain(deps.journal.dir, deps.journal.verifyCheckpoint),
    },
    {
      id: 'views',
      title: 'Views consistent with the journal',
      run: () =>
        checkViewConsistency(deps.views, (from) => deps.journal.events(from), deps.journal.lastSeq),
    },
    {
      id: 'disk',
      title: 'Free disk space',
      run: () => checkDiskSpace(deps.dataDir, deps.minFreeBytes, deps.measureDisk),
    },
    {
      id: 'clock',
      title: 'Clock sanity',
      run: async () =>
        checkClock({
          now: deps.clock.now(),
          lastSeenTime: deps.lastSeenTime(),
          lastSuccessfulSync: deps.sync().lastSuccessfulSync,
          lastSync: await findLastSync(deps.journal, deps.journal.lastSeq),
          offlineWindowDays: deps.offlineWindowDays,
        }),
    },
    {
      id: 'list:trust',
      title: 'Trust list age',
      run: async () =>
        checkListAge('trust list', deps.lists().trust, deps.clock.now(), windowOf(deps)),
    },
    {
      id: 'list:revocation',
      title: 'Revocation list age',
      run: async () =>
        checkListAge('revocation list', deps.lists().revocation, deps.clock.now(), windowOf(deps)),
    },
    {
      id: 'sync',
      title: 'Sync backlog',
      run: async () => {
        const ledger = deps.sync();
        return checkSyncBacklog({
          lastSeq: deps.journal.lastSeq,
          acknowledgedSeq: ledger.acknowledgedSeq,
          lastSuccessfulSync: ledger.lastSuccessfulSync,
          ...(deps.maxSyncBacklog !== undefined && { maxBacklog: deps.maxSyncBacklog }),
        });
      },
    },
  );

  const items: SelfTestItem[] = [];
  for (const check of checks) {
    const began = performance.now();
    let outcome: CheckOutcome;
    try {
      outcome = await check.run();
    } catch (error) {
      outcome = fail(
        `the check itself failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const item: SelfTestItem = {
      id: check.id,
      title: check.title,
      passed: outcome.passed,
      reason: outcome.reason,
      durationMs: Math.round((performance.now() - began) * 10) / 10,
    };
    items.push(item);
    onProgress?.({ completed: items.length, total: checks.length, item });
  }

  return {
    kind: 'opendispense-self-test',
    version: 1,
    kioskId: deps.kiosk.kioskId,
    kioskName: deps.kiosk.kioskName,
    mode: deps.devices ? 'live' : 'offline',
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(deps.clock.now()).toISOString(),
    passed: items.every((i) => i.passed),
    items,
  };
}

function windowOf(deps: SelfTestDeps) {
  return {
    lastSuccessfulSync: deps.sync().lastSuccessfulSync ?? undefined,
    offlineWindowDays: deps.offlineWindowDays,
  };
}

/** The last SYNC_COMPLETED, for the hub's clock offset (the sync ledger keeps only its time). */
async function findLastSync(
  journal: SelfTestDeps['journal'],
  lastSeq: number,
): Promise<LastSync | undefined> {
  let last: LastSync | undefined;
  const breathe = eventLoopYielder();
  for await (const event of journal.events(1)) {
    await breathe();
    last = reduceLastSync(last, event);
    if (event.seq >= lastSeq) break;
  }
  return last;
}
