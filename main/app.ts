import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { createActor } from 'xstate';
import { UiEvent, type KioskBridge, type Screen, type UiSnapshot } from '../contracts/bridge';
import {
  createAdjustableClock,
  systemClock,
  type AdjustableClock,
  type Clock,
} from '../contracts/clock';
import { HardwareConfig } from './config/hardware-config';
import { SiteConfig } from './config/site-config';
import { formatConfigError, loadJsonConfig } from './config/load-json-config';
import { loadOrCreateDeviceKey } from './keys';
import { describeJournalError, openJournal, type Journal } from './journal';
import { openViewStore, type ViewStore } from './views';
import {
  emptyInventory,
  InventoryStateSchema,
  reduceInventory,
  type InventoryState,
} from './inventory/inventory-state';
import { closeOpenIntentsAsUncertain } from './dispensing/close-open-intents';
import { provideDispenseEffects } from './dispensing/dispense-effects';
import type { StockRulesDeps } from './dispensing/stock-rules';
import { demoStock } from './demo/demo-stock';
import { KioskDevices } from './devices/kiosk-devices';
import { CabinetMonitor } from './cabinet/cabinet-monitor';
import { openColdChain } from './cabinet/cold-chain';
import {
  kioskSessionMachine,
  screenOfState,
  type ShortCodeResolution,
} from '../state-machines/kiosk-session';
import { fromPromise } from 'xstate';
import { verifyScan } from './session/verify-scan';
import { checkPatient } from './session/check-patient';
import { reducePatientCheckFailures } from './prescriptions/patient-check-policy';
import { loadRootPublicKey } from './prescriptions/root-key';
import { openListStore, type ListStore } from './prescriptions/list-store';
import type { SignedListKind } from './prescriptions/signed-list';
import { emptySyncLedger, reduceSyncLedger, type SyncLedger } from './sync/sync-ledger';
import { INCOMING_DIR, installIncoming, installList } from './sync/incoming';
import { loadEnrollment } from './sync/enroll';
import { startSyncAgent, type SyncAgent, type SyncStatus } from './sync/sync-agent';
import { createShortCodeResolver } from './sync/resolve-short-code';
import { LastSeenTime } from './clock/last-seen-time';
import { sessionToSnapshot } from './ui/session-to-snapshot';
import { provideVitalsEffects } from './session/vitals-effects';
import { printLabel } from './labels/print-label';
import { journalVitals } from './session/journal-vitals';
import { SnapshotPublisher } from './ui/snapshot-publisher';
import type { KioskOptions } from './kiosk-options';
import {
  diagnosticsMachine,
  diagnosticsStepOf,
  diagnosticsViewOf,
  isTechnicianActive,
  type TechnicianIdentity,
} from '../state-machines/diagnostics';
import { createTechnicianTools } from './technician/tools/technician-tools';
import {
  installIncomingDocument,
  openSignedDocumentStore,
  type SignedDocumentKind,
  type SignedDocumentPayload,
  type SignedDocumentStore,
  type VerifyDocument,
} from './sync/signed-document-store';
import { verifyRestockOrder, verifySiteConfig, verifySlotReleases } from './sync/signed-documents';
import { effectiveSiteConfig } from './config/site-settings';
import { isBadgeScan } from './technician/badge';
import { provideDiagnosticsEffects } from './technician/diagnostics-effects';
import { installRoster } from './technician/roster-store';
import { verifyRoster } from './technician/roster';
import {
  emptyTechnicianLockout,
  reduceTechnicianLockout,
  TechnicianLockoutSchema,
  type TechnicianLockoutState,
} from './technician/technician-lockout';
import { DeviceTrafficRing } from './diagnostics/device-traffic-ring';
import { listExportTargets } from './diagnostics/export-targets';
import { attachDeviceTraffic, createKioskDiagnostics } from './diagnostics/kiosk-diagnostics';
import { TECHNICIAN_LOCKOUT_VIEW_FILE } from './diagnostics/kiosk-views';
import { startAdminServer } from './admin/admin-server';
import { kioskAdminHandlers } from './admin/kiosk-admin-handlers';
import type { TechnicianView } from '../contracts/bridge';

/**
 * The composition root (DESIGN §2): device key and journal, views rebuilt from the journal, open
 * intents closed as UNCERTAIN, devices opened, the session machine created with its effects, and
 * the typed bridge. Hosts (web-host, Electron) only carry the bridge.
 */

export interface RunningKiosk {
  bridge: KioskBridge;
  /** Set when KIOSK_TEST_CLOCK=1: tests move the kiosk's clock forward. */
  testClock: AdjustableClock | null;
  /**
   * Set when KIOSK_TEST_CLOCK=1: what the hub will do, done by tests before the hub exists
   * (DESIGN §8 "Time in tests").
   */
  testControl: TestControl | null;
  /** Why the kiosk is out of service, when it is (broken journal). */
  outOfService: string | null;
  /** The sync agent, when the kiosk is enrolled with a hub. */
  sync: SyncAgent | null;
  stop(): Promise<void>;
}

export interface TestControl {
  /** The hub acknowledged every event so far (FILLS_ACKNOWLEDGED). */
  acknowledgeFills(): Promise<number>;
  /**
   * A successful sync now: a real round with the hub when enrolled (its status is returned),
   * else a stamp (SYNC_COMPLETED).
   */
  stampSync(): Promise<SyncStatus | null>;
  /** Installs a signed list as sync would; the refusal reason, or null. */
  installList(kind: SignedListKind, jws: string): Promise<string | null>;
}

export interface StartKioskExtras {
  logger?: Logger;
  /** Called once when the journal can no longer write: the process must stop. */
  onFatal?: (error: Error) => void;
}

/** A problem that stops the kiosk before it starts (bad config, journal locked…), said plainly. */
export class KioskStartError extends Error {}

const APP_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

export async function startKiosk(
  options: KioskOptions,
  extras: StartKioskExtras = {},
): Promise<RunningKiosk> {
  const log = extras.logger ?? pino({ name: 'kiosk' }, pino.destination(2));
  const testClock = process.env.KIOSK_TEST_CLOCK === '1' ? createAdjustableClock() : null;
  const clock: Clock = testClock ?? systemClock;

  const hardware = loadJsonConfig(options.hardwarePath, HardwareConfig);
  if (!hardware.ok) throw new KioskStartError(formatConfigError(hardware.error));
  const site = loadJsonConfig(options.sitePath, SiteConfig);
  if (!site.ok) throw new KioskStartError(formatConfigError(site.error));
  const hw = hardware.value;
  // An enrolled kiosk is who the hub says it is: its ids come from the enrollment.
  const enrolled = await loadEnrollment(options.dataDir);
  if (!enrolled.ok) throw new KioskStartError(`enrollment: ${enrolled.error}`);
  const enrollment = enrolled.value;
  const localSite: SiteConfig = enrollment
    ? { ...site.value, kioskId: enrollment.kioskId, siteId: enrollment.siteId }
    : site.value;
  // One object for the whole run: a signed site config from the hub is applied into it between
  // patients (applySiteConfig below), so every reader sees the settings in force.
  const siteConfig: SiteConfig = { ...localSite };
  // The operator root key, provisioned at enrollment (the demo makes one): every signed list is
  // verified against it.
  const rootKey = await loadRootPublicKey(options.rootKeyPath);
  if (!rootKey.ok)
    throw new KioskStartError(`root key ${options.rootKeyPath}: ${rootKey.error} (not enrolled?)`);

  const publisher = new SnapshotPublisher(clock);
  let version = 0;

  const deviceKey = await loadOrCreateDeviceKey(join(options.dataDir, 'keys'), { logger: log });
  if (!deviceKey.ok)
    throw new KioskStartError(`device key ${deviceKey.error.path}: ${deviceKey.error.detail}`);

  const opened = await openJournal({
    dir: join(options.dataDir, 'journal'),
    clock,
    signer: deviceKey.value,
    verifyCheckpoint: (keyId, message, signature) =>
      deviceKey.value.verifyCheckpoint(keyId, message, signature),
    logger: log,
  });
  if (!opened.ok) {
    if (opened.error.kind === 'locked')
      throw new KioskStartError(describeJournalError(opened.error));
    // A broken chain is reported and the kiosk stays up, out of service: restarting would only
    // find the same journal (no crash loop), and a technician must see why.
    const why = describeJournalError(opened.error);
    log.error({ journal: why }, 'journal refused: kiosk out of service');
    return outOfServiceKiosk(publisher, siteConfig, why, testClock);
  }
  const journal = opened.value;
  let fatal: Error | null = null;
  journal.onFatal((error) => {
    fatal = error;
    log.fatal({ err: error.message }, 'journal write failed: stopping');
    extras.onFatal?.(error);
  });

  const inventory = await openViewStore<InventoryState>({
    file: join(options.dataDir, 'views', 'inventory.json'),
    journal,
    initial: emptyInventory,
    reduce: reduceInventory,
    schema: InventoryStateSchema,
    logger: log,
  });
  const patientCheckFailures = await openViewStore<Readonly<Record<string, number>>>({
    file: join(options.dataDir, 'views', 'patient-checks.json'),
    journal,
    initial: () => ({}),
    reduce: reducePatientCheckFailures,
    logger: log,
  });
  const sync = await openViewStore<SyncLedger>({
    file: join(options.dataDir, 'views', 'sync.json'),
    journal,
    initial: emptySyncLedger,
    reduce: reduceSyncLedger,
    logger: log,
  });
  const technicianLockout = await openViewStore<TechnicianLockoutState>({
    file: join(options.dataDir, 'views', TECHNICIAN_LOCKOUT_VIEW_FILE),
    journal,
    initial: emptyTechnicianLockout,
    reduce: reduceTechnicianLockout,
    schema: TechnicianLockoutSchema,
    logger: log,
  });
  const listsOpened = await openListStore({
    dir: join(options.dataDir, 'lists'),
    rootPublicJwk: rootKey.value.jwk,
  });
  if (!listsOpened.ok) throw new KioskStartError(`signed lists: ${listsOpened.error}`);
  for (const problem of listsOpened.value.problems)
    log.error(
      { kind: problem.kind, why: problem.detail },
      'installed signed list no longer verifies',
    );
  const lists: ListStore = listsOpened.value.store;
  await installIncoming(options.dataDir, journal, lists, log);
  // Signed documents, each verified against the root key and coming with the hub's downloads or
  // a USB stick: the technician roster, the pharmacist's restock order, cold-chain releases and
  // the site config.
  const rootPublicJwk = rootKey.value.jwk;
  const roster = await openDocument('roster', verifyRoster);
  const restockOrder = await openDocument('restock', verifyRestockOrder);
  const releases = await openDocument('release', verifySlotReleases);
  const siteConfigDownload = await openDocument('config', verifySiteConfig);
  Object.assign(siteConfig, effectiveSiteConfig(localSite, siteConfigDownload.current()?.payload));
  async function openDocument<T extends SignedDocumentPayload>(
    kind: SignedDocumentKind,
    verify: VerifyDocument<T>,
  ): Promise<SignedDocumentStore<T>> {
    const opened = await openSignedDocumentStore({
      kind,
      dir: join(options.dataDir, 'lists'),
      rootPublicJwk,
      verify,
    });
    if (opened.problem)
      log.error({ kind, why: opened.problem }, 'installed document no longer verifies');
    const incoming = await installIncomingDocument(
      join(options.dataDir, INCOMING_DIR),
      journal,
      opened.store,
    );
    if (incoming.refused) log.warn({ kind, why: incoming.refused }, 'incoming document refused');
    return opened.store;
  }
  const lastSeen = await LastSeenTime.open(options.dataDir, clock);
  // It only moves forward, so a clock set back stays measured from the latest time ever seen.
  await lastSeen.record();
  lastSeen.start();
  // The check value of the prescription being served; forgotten with the session.
  const checkValues = new Map<string, string>();

  // Demo packs go into a cabinet that was never stocked (not merely a new journal: lists come first).
  if (options.demoStock && Object.keys(inventory.state.slotGtins).length === 0) {
    for (const load of demoStock(clock.now())) await journal.append('RESTOCK', load);
  }
  const uncertain = await closeOpenIntentsAsUncertain(journal, inventory);
  if (uncertain.length)
    log.warn(
      { intents: uncertain },
      'open dispense intents closed as UNCERTAIN for pharmacist review',
    );
  await journal.append('KIOSK_STARTED', {
    appVersion: APP_VERSION,
    hardware: hw.simulated ? 'simulated' : 'configured',
  });

  // Sync never blocks the patient: it reads the journal and appends only its own events.
  const syncAgent = enrollment
    ? startSyncAgent({
        journal,
        listStore: lists,
        documents: { roster, restock: restockOrder, release: releases, config: siteConfigDownload },
        deviceKey: deviceKey.value,
        kioskId: enrollment.kioskId,
        hubUrl: enrollment.hubUrl,
        clock,
        logger: log,
        ledger: sync.state,
      })
    : null;
  // A typed short code (DESIGN §9) is asked of the same hub, signed with the same device key.
  const resolveShortCode = createShortCodeResolver({
    hub: enrollment
      ? { hubUrl: enrollment.hubUrl, kioskId: enrollment.kioskId, signer: deviceKey.value }
      : null,
    clock,
    journal,
    logger: log.child({ component: 'short-code' }),
  });

  // Devices, each under its deviceSupervisor machine (DESIGN §3).
  const devices = new KioskDevices(hw, clock, log);
  devices.onChange(() => publish());
  const dispenser = devices.dispenser;
  const traffic = new DeviceTrafficRing();
  const detachTraffic = attachDeviceTraffic(traffic, devices);

  // ---- Cold chain (issue 9 item 7): excursions from the cabinet's readings, slot blocks, releases ----
  const coldChain = await openColdChain({
    journal,
    dataDir: options.dataDir,
    clock,
    site: () => siteConfig,
    inventory,
    releases,
    logger: log.child({ component: 'cold-chain' }),
  });
  const cabinet = new CabinetMonitor({
    driver: dispenser,
    clock,
    record: async (reading) => {
      await journal.append('CABINET_READING', reading);
    },
    onReading: (reading) => coldChain.noteReading(reading),
    mustRecord: (reading) => coldChain.mustRecord(reading),
  });
  // ---- end cold chain ----

  // Recalls arrive with the signed revocation list and blocks with cold-chain monitoring.
  const stock: StockRulesDeps = {
    hardware: hw,
    clock,
    get timeZone() {
      return siteConfig.timeZone;
    },
    recalledLots: () => lists.current('revocation')?.payload.lots ?? [],
    blockedSlots: () => coldChain.blockedSlots(),
  };

  const session = createActor(
    kioskSessionMachine.provide({
      actors: {
        verifyPrescription: fromPromise(({ input }) =>
          verifyScan(
            {
              journal,
              inventory,
              patientCheckFailures,
              sync,
              lists: () => lists.lists(),
              lastSeenTime: () => lastSeen.lastSeen,
              site: siteConfig,
              clock,
              stock,
              rememberCheckValue: (jti, value) => {
                checkValues.clear();
                checkValues.set(jti, value);
              },
            },
            input,
          ),
        ),
        checkPatient: fromPromise(({ input }) =>
          checkPatient(
            {
              journal,
              failures: patientCheckFailures,
              checkValueOf: (jti) => checkValues.get(jti),
            },
            input,
          ),
        ),
        dispensePack: provideDispenseEffects({
          journal,
          inventory,
          driver: dispenser,
          hardware: hw,
          stock,
        }),
        vitalsStep: provideVitalsEffects({
          bpCuff: () => devices.bpCuff,
          oximeter: () => devices.oximeter,
          link: (id) => devices.links().find((d) => d.id === id)?.link,
          onChange: (listener) => devices.onChange(listener),
        }),
        printLabel: fromPromise(({ input }) =>
          printLabel(
            {
              journal,
              printer: devices.printer,
              paperWidthMm: hw.printer?.paperWidthMm ?? 58,
              site: siteConfig,
              clock,
            },
            input,
          ),
        ),
        // Short codes are resolved by the hub; with no hub link the patient is told to call.
        resolveShortCode: fromPromise<ShortCodeResolution, { code: string }>(({ input }) =>
          resolveShortCode(input.code),
        ),
      },
      // Each is appended in call order, so the journal keeps the order the patient acted in.
      actions: {
        requestHelp: ({ self }, params) =>
          void journal.append('HELP_REQUESTED', {
            screen: screenOfState(self.getSnapshot().value),
            ...params,
          }),
        requestRefill: (_, params) => void journal.append('REFILL_REQUESTED', params),
        recordVitals: (_, params) => void journalVitals(journal, params.jti, params.output),
        acknowledgeCounselling: (_, params) =>
          void journal.append('COUNSELLING_ACKNOWLEDGED', params),
      },
      delays: { IDLE_TIMEOUT: () => siteConfig.idleTimeoutSeconds * 1000 },
    }),
    { clock, input: { defaultLanguage: siteConfig.defaultLanguage } },
  );

  // Diagnostics mode (issue 9): a technician's badge + PIN; patients see out of service meanwhile.
  const diagnostics = createKioskDiagnostics({
    dataDir: options.dataDir,
    site: siteConfig,
    hardware: hw,
    appVersion: APP_VERSION,
    clock,
    journal,
    verifyCheckpoint: (keyId, message, signature) =>
      deviceKey.value.verifyCheckpoint(keyId, message, signature),
    devices,
    traffic,
    lists,
    roster,
    sync,
    lastSeen,
  });
  let exportTargets: string[] = [];
  const technician = createActor(
    diagnosticsMachine.provide(
      provideDiagnosticsEffects({
        journal,
        clock,
        trust: () => lists.current('trust')?.payload,
        revocation: () => lists.current('revocation')?.index,
        roster: () => roster.current()?.payload,
        lockout: () => technicianLockout.state,
        diagnostics,
        exportTargets: async () => (exportTargets = [...(await listExportTargets())]),
      }),
    ),
    { clock },
  );
  const patientServed = (): boolean => screenOfState(session.getSnapshot().value) !== 'attract';
  const technicianIn = (): boolean => isTechnicianActive(technician.getSnapshot());
  /** The technician logged in to the panel, or null. */
  const technicianInPanel = (): TechnicianIdentity | null => {
    const tech = technician.getSnapshot();
    return diagnosticsStepOf(tech) === 'panel' ? tech.context.technician : null;
  };
  const tools = createTechnicianTools({
    journal,
    clock,
    logger: log,
    dataDir: options.dataDir,
    hardware: hw,
    site: () => siteConfig,
    devices,
    traffic,
    inventory,
    lists,
    restockOrder,
    releases,
    coldChain,
    stock,
    changed: () => {
      if (technicianIn()) publish();
    },
  });

  // A pharmacist's lock (a signed `lock` download) takes effect once no patient is being served:
  // a session under way finishes, and the kiosk then shows out of service and takes no one new.
  const lockedNow = (): boolean =>
    lists.current('lock')?.payload.locked === true &&
    screenOfState(session.getSnapshot().value) === 'attract';
  journal.onAppended((event) => {
    if (event.type === 'LIST_INSTALLED' && event.data.kind === 'lock') publish();
  });

  devices.onScan((scan) => {
    // A service badge opens the technician login, and only between patients.
    if (isBadgeScan(scan.text)) {
      if (!patientServed() && !technicianInPanel())
        technician.send({ type: 'BADGE_SCANNED', text: scan.text });
      return;
    }
    // In the panel, a scan goes to the open tool (restock, the scanner test).
    const who = technicianInPanel();
    if (who) {
      technician.send({ type: 'ACTIVITY' });
      tools.scan({ text: scan.text, aim: scan.aim }, who);
      return;
    }
    if (lockedNow() || technicianIn()) return;
    session.send({ type: 'SCANNED', scan: { text: scan.text, aim: scan.aim } });
  });

  // The idle deadline the renderer counts down to, in wall-clock time (the renderer knows no
  // test clock): restarted by every state change and every touch, as the machine's timer is.
  let idleSince = clock.now();
  let lastState = '';
  function publish(): void {
    const current = session.getSnapshot();
    const stateKey = JSON.stringify(current.value);
    if (stateKey !== lastState) {
      lastState = stateKey;
      idleSince = clock.now();
    }
    watchVitalsStep(current.children.vitals);
    const tech = technician.getSnapshot();
    if (fatal === null && isTechnicianActive(tech)) {
      publisher.publish({
        version: ++version,
        screen: 'technician',
        kioskName: siteConfig.kioskName,
        language: current.context.language,
        devices: devices.links(),
        technician: technicianView(),
      });
      return;
    }
    const snapshot: UiSnapshot = sessionToSnapshot(current, {
      version: ++version,
      kioskName: siteConfig.kioskName,
      devices: devices.links(),
      outOfService: fatal !== null || lockedNow(),
      helpCallbackMinutes: siteConfig.helpCallbackMinutes,
    });
    const idle = IDLE_STATES.has(snapshot.screen)
      ? {
          idleDeadline:
            Date.now() + siteConfig.idleTimeoutSeconds * 1000 - (clock.now() - idleSince),
        }
      : {};
    publisher.publish({ ...snapshot, ...idle });
  }
  // The vitals step is a child machine: its live pressure and pleth change without the session
  // changing, so its snapshots are published too (throttled by the publisher).
  let watchedVitals: unknown = null;
  function watchVitalsStep(
    child: { subscribe(listener: () => void): { unsubscribe(): void } } | undefined,
  ): void {
    if (!child || child === watchedVitals) return;
    watchedVitals = child;
    child.subscribe(() => publish());
  }
  function technicianView(): TechnicianView {
    const status = syncAgent?.status();
    return {
      ...diagnosticsViewOf(technician.getSnapshot()),
      devices: devices.statusList().map((d) => {
        const counters = traffic.counters()[d.id];
        return {
          id: d.id,
          link: d.link,
          port: d.port ?? null,
          usb: usbIdsOf(hw, d.id),
          reconnects: d.reconnects,
          frames: counters ? { good: counters.rxFrames, bad: counters.rxErrors } : null,
          timeouts: traffic.timeouts(d.id),
          lastError: d.lastError ?? null,
        };
      }),
      sync: status
        ? {
            state: status.state,
            lastSuccessAt: status.lastSuccessAt,
            backlog: status.backlog,
            lagMs: status.lagMs,
            hubOffsetMs: status.hubOffsetMs,
            lastError: status.lastError?.message ?? null,
          }
        : null,
      exportTargets,
      tools: tools.view(),
    };
  }
  // Leaving the panel (log out, idle) forgets every tool's work in progress.
  let wasInPanel = false;
  technician.subscribe((snapshot) => {
    const inPanel = diagnosticsStepOf(snapshot) === 'panel';
    if (wasInPanel && !inPanel) tools.reset();
    wasInPanel = inPanel;
    publish();
  });
  syncAgent?.onStatus(() => {
    if (technicianIn()) publish();
  });
  // A new site config from the hub takes effect between patients, all settings at once.
  let siteConfigPending = false;
  function applySiteConfig(): void {
    if (!siteConfigPending || patientServed()) return;
    siteConfigPending = false;
    const before = siteConfig.defaultLanguage;
    Object.assign(
      siteConfig,
      effectiveSiteConfig(localSite, siteConfigDownload.current()?.payload),
    );
    if (siteConfig.defaultLanguage !== before)
      session.send({ type: 'SITE_DEFAULT_LANGUAGE', language: siteConfig.defaultLanguage });
    log.info({ version: siteConfigDownload.current()?.payload.version }, 'site config applied');
    publish();
  }
  siteConfigDownload.onInstalled(() => {
    siteConfigPending = true;
    applySiteConfig();
  });
  session.subscribe(() => {
    applySiteConfig();
    publish();
  });
  session.start();
  technician.start();
  publish();
  const admin = await startAdminServer({
    dataDir: options.dataDir,
    logger: log,
    handlers: kioskAdminHandlers({
      diagnostics,
      busy: () => (patientServed() ? 'a patient is being served' : null),
      status: () => ({
        kioskId: siteConfig.kioskId,
        kioskName: siteConfig.kioskName,
        appVersion: APP_VERSION,
        pid: process.pid,
        journalLastSeq: journal.lastSeq,
        devices: devices.statusList().map((d) => ({ ...d })),
        technicianId: technician.getSnapshot().context.technician?.technicianId ?? null,
      }),
      installRoster: async (jws) => {
        const installed = await installRoster(journal, roster, jws);
        return installed.ok
          ? {
              ok: true,
              value: {
                version: installed.value.version,
                technicians: installed.value.technicians.length,
              },
            }
          : { ok: false, error: installed.error.detail };
      },
    }),
  });
  devices.start();
  cabinet.start();

  function sendToTechnician(event: TechnicianEvent): void {
    switch (event.type) {
      case 'TECH_REQUEST_LOGIN':
        // Never during a patient session.
        if (!patientServed()) technician.send({ type: 'REQUEST_LOGIN' });
        return;
      case 'TECH_SUBMIT_PIN':
        technician.send({ type: 'SUBMIT_PIN', pin: event.pin });
        return;
      case 'TECH_CANCEL':
        technician.send({ type: 'CANCEL' });
        return;
      case 'TECH_LOGOUT':
        technician.send({ type: 'LOGOUT' });
        return;
      case 'TECH_ACTIVITY':
        technician.send({ type: 'ACTIVITY' });
        return;
      case 'TECH_RUN_SELF_TEST':
        technician.send({ type: 'RUN_SELF_TEST' });
        return;
      case 'TECH_EXPORT_BUNDLE':
        technician.send({ type: 'EXPORT_BUNDLE', outDir: event.outDir });
        return;
      default: {
        // The panel's tools: only for a technician logged in to the panel.
        const who = technicianInPanel();
        if (!who) return;
        technician.send({ type: 'ACTIVITY' });
        tools.handle(event, who);
        return;
      }
      case 'TECH_SYNC_NOW': {
        // Only a logged-in technician; the round's outcome shows on the sync card.
        const who = technician.getSnapshot().context.technician;
        if (!syncAgent || !who || !technicianIn()) return;
        void journal.append('TECH_ACTION', {
          technicianId: who.technicianId,
          action: 'sync_now',
          detail: 'sync with the hub started from the technician screen',
        });
        void syncAgent.syncNow();
        return;
      }
    }
  }

  const bridge: KioskBridge = {
    subscribe: (listener) => publisher.subscribe(listener),
    send: (raw) => {
      const parsed = UiEvent.safeParse(raw);
      if (!parsed.success) {
        log.warn('bridge event refused: schema');
        return;
      }
      const event = parsed.data;
      if (event.type === 'WEDGE_KEYS') {
        devices.wedgeKeys(event.keys);
        return;
      }
      if (isTechnicianEvent(event)) {
        sendToTechnician(event);
        return;
      }
      if (event.type === 'ACTIVITY') idleSince = clock.now();
      if (lockedNow() || technicianIn()) return;
      session.send(event);
    },
  };

  return {
    bridge,
    testClock,
    testControl: testClock
      ? {
          acknowledgeFills: async () =>
            (
              await journal.append('FILLS_ACKNOWLEDGED', {
                upToSeq: journal.lastSeq,
                source: 'test',
              })
            ).data.upToSeq,
          stampSync: async () => {
            if (syncAgent) return syncAgent.syncNow();
            await journal.append('SYNC_COMPLETED', { at: clock.now(), source: 'test' });
            return null;
          },
          installList: (kind, jws) => installList(journal, lists, kind, jws),
        }
      : null,
    outOfService: null,
    sync: syncAgent,
    async stop() {
      await admin.stop();
      technician.stop();
      await tools.stop();
      detachTraffic();
      await syncAgent?.stop();
      cabinet.stop();
      await coldChain.close();
      session.stop();
      publisher.stop();
      await devices.stop();
      await inventory.close();
      lastSeen.stop();
      await patientCheckFailures.close();
      await technicianLockout.close();
      await sync.close();
      await journal.close();
    },
  };
}

function outOfServiceKiosk(
  publisher: SnapshotPublisher,
  site: SiteConfig,
  why: string,
  testClock: AdjustableClock | null,
): RunningKiosk {
  publisher.publish({
    version: 1,
    screen: 'out_of_service',
    kioskName: site.kioskName,
    language: site.defaultLanguage,
    devices: [],
  });
  return {
    bridge: { subscribe: (l) => publisher.subscribe(l), send: () => {} },
    testClock,
    testControl: null,
    outOfService: why,
    sync: null,
    async stop() {
      publisher.stop();
    },
  };
}

/** A device's USB ids as the hardware config names them (`vendor:product`), or null. */
function usbIdsOf(hardware: HardwareConfig, deviceId: string): string | null {
  const config = (hardware as Record<string, unknown>)[deviceId];
  if (typeof config !== 'object' || config === null || !('usb' in config)) return null;
  const usb = (config as { usb?: { vendorId: string; productId: string } }).usb;
  return usb ? `${usb.vendorId}:${usb.productId}` : null;
}

type TechnicianEvent = Extract<UiEvent, { type: `TECH_${string}` }>;
const isTechnicianEvent = (event: UiEvent): event is TechnicianEvent =>
  event.type.startsWith('TECH_');

/** Screens on which the patient is waited for, and the idle timeout runs (kiosk-session.ts). */
const IDLE_STATES = new Set<Screen>(['scan', 'enter_code', 'identify', 'confirm']);

export type { Journal, ViewStore };
