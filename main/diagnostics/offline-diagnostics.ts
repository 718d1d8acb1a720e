import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { systemClock, type Clock } from '../../contracts/clock';
import { err, ok, type Result } from '../../contracts/result';
import { LastSeenTime } from '../clock/last-seen-time';
import { HardwareConfig } from '../config/hardware-config';
import { loadJsonConfig } from '../config/load-json-config';
import { SiteConfig } from '../config/site-config';
import { describeJournalError, openJournal, type Journal } from '../journal';
import { loadOrCreateDeviceKey } from '../keys';
import { openListStore, type ListStore } from '../prescriptions/list-store';
import { loadRootPublicKey } from '../prescriptions/root-key';
import { SIGNED_LIST_KINDS } from '../prescriptions/signed-list';
import { emptySyncLedger, reduceSyncLedger, type SyncLedger } from '../sync/sync-ledger';
import { openRosterStore, type RosterStore } from '../technician/roster-store';
import type { ListSummary } from './diagnostics-bundle';
import { createDiagnostics, type Diagnostics } from './diagnostics-service';
import { kioskViewsToCheck } from './kiosk-views';

/**
 * Diagnostics with no kiosk running (`npm run diag -- … --offline`): the journal is opened here,
 * which takes its lock (DESIGN §2: "with no kiosk running, a CLI takes that lock itself"), so it
 * refuses while a kiosk runs. Every check that needs no device runs; devices are not checked
 * (the report's mode says `offline`). SELF_TEST and DIAG_BUNDLE_EXPORTED are journaled as usual.
 */

export interface OfflineDiagnosticsOptions {
  readonly dataDir: string;
  /** Default DATA_DIR/site.json. */
  readonly sitePath?: string;
  /** Included (redacted) in a bundle when given. */
  readonly hardwarePath?: string;
  /** Default DATA_DIR/root-key.public.jwk. */
  readonly rootKeyPath?: string;
  readonly clock?: Clock;
}

export interface OfflineDiagnostics {
  readonly diagnostics: Diagnostics;
  close(): Promise<void>;
}

export type OfflineProblem =
  | { readonly kind: 'kiosk_running'; readonly detail: string }
  | { readonly kind: 'not_a_kiosk'; readonly detail: string }
  | { readonly kind: 'unusable'; readonly detail: string };

export const KIOSK_LOG_FILE = 'kiosk.log';

export async function openOfflineDiagnostics(
  options: OfflineDiagnosticsOptions,
): Promise<Result<OfflineDiagnostics, OfflineProblem>> {
  const { dataDir } = options;
  const clock = options.clock ?? systemClock;
  const journalDir = path.join(dataDir, 'journal');
  if (
    !(await stat(journalDir)
      .then((s) => s.isDirectory())
      .catch(() => false))
  ) {
    return err({
      kind: 'not_a_kiosk',
      detail: `${dataDir} holds no journal (is --data-dir right?)`,
    });
  }
  const site = loadJsonConfig(options.sitePath ?? path.join(dataDir, 'site.json'), SiteConfig);
  if (!site.ok)
    return err({ kind: 'unusable', detail: `config ${site.error.path}: ${site.error.message}` });
  const hardware = options.hardwarePath
    ? loadJsonConfig(options.hardwarePath, HardwareConfig)
    : undefined;
  if (hardware && !hardware.ok) {
    return err({
      kind: 'unusable',
      detail: `config ${hardware.error.path}: ${hardware.error.message}`,
    });
  }
  const deviceKey = await loadOrCreateDeviceKey(path.join(dataDir, 'keys'));
  if (!deviceKey.ok)
    return err({ kind: 'unusable', detail: `device key: ${deviceKey.error.detail}` });
  const verifyCheckpoint = (keyId: string, message: Uint8Array, signature: Uint8Array) =>
    deviceKey.value.verifyCheckpoint(keyId, message, signature);

  const opened = await openJournal({
    dir: journalDir,
    clock,
    signer: deviceKey.value,
    verifyCheckpoint,
  });
  if (!opened.ok) {
    if (opened.error.kind === 'locked') {
      return err({
        kind: 'kiosk_running',
        detail: `the kiosk (pid ${opened.error.pid}) holds the journal: run without --offline`,
      });
    }
    return err({ kind: 'unusable', detail: describeJournalError(opened.error) });
  }
  const journal: Journal = opened.value;

  let lists: ListStore | undefined;
  let roster: RosterStore | undefined;
  const root = await loadRootPublicKey(
    options.rootKeyPath ?? path.join(dataDir, 'root-key.public.jwk'),
  );
  if (root.ok) {
    const listDir = path.join(dataDir, 'lists');
    const store = await openListStore({ dir: listDir, rootPublicJwk: root.value.jwk });
    if (store.ok) lists = store.value.store;
    roster = (await openRosterStore({ dir: listDir, rootPublicJwk: root.value.jwk })).store;
  }

  let ledger: SyncLedger = emptySyncLedger();
  for await (const event of journal.events(1)) ledger = reduceSyncLedger(ledger, event);
  const lastSeen = (await LastSeenTime.open(dataDir, clock)).lastSeen;

  const diagnostics = createDiagnostics({
    kiosk: { kioskId: site.value.kioskId, kioskName: site.value.kioskName },
    clock,
    journal,
    verifyCheckpoint,
    views: kioskViewsToCheck(dataDir),
    dataDir,
    lists: () => ({
      ...(lists?.current('trust') && { trust: lists.current('trust')?.payload }),
      ...(lists?.current('revocation') && { revocation: lists.current('revocation')?.payload }),
    }),
    sync: () => ledger,
    lastSeenTime: () => lastSeen,
    offlineWindowDays: site.value.offlineWindowDays,
    logFiles: [path.join(dataDir, KIOSK_LOG_FILE)],
    config: { site: site.value, ...(hardware?.ok && { hardware: hardware.value }) },
    listSummaries: () => listSummaries(lists, roster),
  });
  return ok({ diagnostics, close: () => journal.close() });
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** What the bundle says about each installed list: version and dates, never its entries. */
export function listSummaries(
  lists: ListStore | undefined,
  roster: RosterStore | undefined,
): ListSummary[] {
  const out: ListSummary[] = [];
  for (const kind of SIGNED_LIST_KINDS) {
    const list = lists?.current(kind);
    if (!list) continue;
    const { version, issuedAt, expiresAt } = list.payload;
    out.push({ kind, version, issuedAt, expiresAt, sha256: sha256(list.jws) });
  }
  const r = roster?.current();
  if (r) {
    const { version, issuedAt, expiresAt } = r.payload;
    out.push({ kind: 'roster', version, issuedAt, expiresAt, sha256: sha256(r.jws) });
  }
  return out;
}
