import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { systemClock, type Clock } from '../../../contracts/clock';
import {
  openJournal,
  writeChainedEvents,
  type ChainedEventSpec,
  type Journal,
} from '../../../main/journal';
import { loadOrCreateDeviceKey, type DeviceKey } from '../../../main/keys';
import { openListStore, type ListStore } from '../../../main/prescriptions/list-store';
import { loadRootPublicKey, ROOT_PUBLIC_JWK_FILE } from '../../../main/prescriptions/root-key';
import { SIGNED_LIST_KINDS } from '../../../main/prescriptions/signed-list';
import { enrollKiosk, type Enrollment } from '../../../main/sync/enroll';
import { INCOMING_DIR } from '../../../main/sync/incoming';
import {
  startSyncAgent,
  type SyncAgent,
  type SyncAgentOptions,
} from '../../../main/sync/sync-agent';
import { createEnrollmentCode, ensureSite } from '../../../hub/server/enrollment-codes';
import { startHub, type RunningHub } from '../../../hub/server/start-hub';

/**
 * The pieces every sync test and the sync bench put together: a hub on in-memory PGlite listening
 * on 127.0.0.1, and kiosks with real journals in temp dirs, enrolled through the real API.
 */

export const TEST_SITE = 'site-test';

export function quietLogger(): Logger {
  return pino({ level: process.env.SYNC_TEST_LOG ?? 'silent' });
}

export async function startTestHub(
  root: string,
  logger: Logger = quietLogger(),
): Promise<RunningHub> {
  const hub = await startHub({
    dataDir: path.join(root, 'hub'),
    inMemory: true,
    port: 0,
    logger,
  });
  const site = await ensureSite(hub.db, { siteId: TEST_SITE });
  if (!site.ok) throw new Error(site.error.detail);
  return hub;
}

export async function newEnrollmentCode(hub: RunningHub): Promise<string> {
  const code = await createEnrollmentCode(hub.db, {
    siteId: TEST_SITE,
    createdBy: 'test',
    ttlMs: 3_600_000,
  });
  if (!code.ok) throw new Error(code.error.detail);
  return code.value.code;
}

/** Cheap valid events: cabinet readings with a restock every 50th. */
export function cheapEvent(index: number): ChainedEventSpec {
  if (index % 50 === 49) {
    return {
      type: 'RESTOCK',
      data: {
        slot: (index % 40) + 1,
        packs: [{ gtin: '09506000134352', lot: `L${index % 1000}`, expiry: '2027-06-30' }],
      },
    };
  }
  return {
    type: 'CABINET_READING',
    data: {
      temperatureC: 20 + (index % 7) / 2,
      setpointC: 20,
      door: index % 13 === 0 ? 'open' : 'closed',
      temperatureControl: 'ok',
    },
  };
}

export interface TestKiosk {
  name: string;
  dataDir: string;
  deviceKey: DeviceKey;
  journal: Journal;
  lists: ListStore;
  enrollment: Enrollment;
  startAgent(overrides?: Partial<SyncAgentOptions>): SyncAgent;
  /** Closes the journal (stop the agent first). */
  close(): Promise<void>;
}

/**
 * A kiosk with `events` prefilled journal events (one write per segment, so 10k take well under a
 * second), enrolled with a fresh code through `enrollUrl`. The enrollment's first downloads are
 * installed into the list store without journaling them, so the journal holds exactly the
 * prefilled events and the hub has nothing newer to send.
 */
export async function makeTestKiosk(options: {
  root: string;
  name: string;
  /** The hub that makes the enrollment code (or pass `code`). */
  hub?: RunningHub;
  /** An enrollment code made elsewhere (a hub in another thread). */
  code?: string;
  enrollUrl: string;
  /** The URL the agent syncs through (a fault proxy, or the hub). */
  syncUrl: string;
  events: number;
  eventAt?: (index: number) => ChainedEventSpec;
  clock?: Clock;
  logger?: Logger;
  /** Use this data dir's device key (a rewritten journal with the same key). */
  deviceKeyDir?: string;
  /** Reuse an existing enrollment instead of enrolling (the rewritten-journal kiosk). */
  enrollment?: Enrollment;
  /** Where that enrollment wrote its files. Default: this kiosk's data dir. */
  enrolledDir?: string;
  installInitialDownloads?: boolean;
}): Promise<TestKiosk> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? quietLogger();
  const dataDir = path.join(options.root, options.name);
  const keyDir = options.deviceKeyDir ?? path.join(dataDir, 'keys');
  const key = await loadOrCreateDeviceKey(keyDir);
  if (!key.ok) throw new Error(key.error.detail);
  const deviceKey = key.value;

  let enrollment = options.enrollment;
  if (!enrollment) {
    const enrolled = await enrollKiosk({
      hubUrl: options.enrollUrl,
      code: options.code ?? (await newEnrollmentCode(requireHub(options.hub))),
      kioskName: options.name,
      devicePublicJwk: deviceKey.publicJwk,
      dataDir,
      clock,
    });
    if (!enrolled.ok) throw new Error(`enroll ${options.name}: ${enrolled.error.message}`);
    enrollment = enrolled.value;
  }

  const journalDir = path.join(dataDir, 'journal');
  if (options.events > 0) {
    await writeChainedEvents(journalDir, options.events, {
      signer: deviceKey,
      eventAt: options.eventAt ?? cheapEvent,
      clock,
    });
  }
  const opened = await openJournal({
    dir: journalDir,
    signer: deviceKey,
    verifyCheckpoint: (keyId, message, signature) =>
      deviceKey.verifyCheckpoint(keyId, message, signature),
    clock,
  });
  if (!opened.ok) throw new Error(`journal ${options.name}: ${opened.error.kind}`);
  const journal = opened.value;

  // What enrollment wrote: the root key and the first downloads (a rewritten kiosk reads its
  // original's).
  const enrolledDir = options.enrolledDir ?? dataDir;
  const root = await loadRootPublicKey(path.join(enrolledDir, ROOT_PUBLIC_JWK_FILE));
  if (!root.ok) throw new Error(root.error);
  const listsOpened = await openListStore({
    dir: path.join(dataDir, 'lists'),
    rootPublicJwk: root.value.jwk,
  });
  if (!listsOpened.ok) throw new Error(listsOpened.error);
  const lists = listsOpened.value.store;
  if (options.installInitialDownloads ?? true) {
    for (const kind of SIGNED_LIST_KINDS) {
      const jws = await readFile(path.join(enrolledDir, INCOMING_DIR, `${kind}.jws`), 'utf8').catch(
        () => null,
      );
      if (jws !== null) {
        const installed = await lists.install(kind, jws);
        if (!installed.ok) throw new Error(`${kind}: ${installed.error.detail}`);
      }
    }
  }

  const finalEnrollment = enrollment;
  return {
    name: options.name,
    dataDir,
    deviceKey,
    journal,
    lists,
    enrollment: finalEnrollment,
    startAgent: (overrides = {}) =>
      startSyncAgent({
        journal,
        listStore: lists,
        deviceKey,
        kioskId: finalEnrollment.kioskId,
        hubUrl: options.syncUrl,
        clock,
        logger,
        ...overrides,
      }),
    close: () => journal.close(),
  };
}

function requireHub(hub: RunningHub | undefined): RunningHub {
  if (!hub) throw new Error('makeTestKiosk needs a hub or an enrollment code');
  return hub;
}

export async function makeTempRoot(
  prefix: string,
): Promise<{ root: string; remove(): Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}
