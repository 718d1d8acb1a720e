import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { createActor } from 'xstate';
import { UiEvent, type KioskBridge, type UiSnapshot } from '../contracts/bridge';
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
import { kioskSessionMachine } from '../state-machines/kiosk-session';
import { fromPromise } from 'xstate';
import { verifyScan } from './session/verify-scan';
import { checkPatient } from './session/check-patient';
import {
  emptyPatientCheckLedger,
  reducePatientChecks,
  type PatientCheckLedger,
} from './session/patient-check-ledger';
import { loadTrustList } from './prescriptions/trust';
import { sessionToSnapshot } from './ui/session-to-snapshot';
import { SnapshotPublisher } from './ui/snapshot-publisher';
import type { KioskOptions } from './kiosk-options';

/**
 * The composition root (DESIGN §2): device key and journal, views rebuilt from the journal, open
 * intents closed as UNCERTAIN, devices opened, the session machine created with its effects, and
 * the typed bridge. Hosts (web-host, Electron) only carry the bridge.
 */

export interface RunningKiosk {
  bridge: KioskBridge;
  /** Set when KIOSK_TEST_CLOCK=1: tests move the kiosk's clock forward. */
  testClock: AdjustableClock | null;
  /** Why the kiosk is out of service, when it is (broken journal). */
  outOfService: string | null;
  stop(): Promise<void>;
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
  const siteConfig = site.value;
  const trust = loadTrustList(options.trustPath);
  if (!trust.ok) throw new KioskStartError(`trust list ${options.trustPath}: ${trust.error}`);
  const trustList = trust.value;

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
    return outOfServiceKiosk(publisher, siteConfig.kioskName, why, testClock);
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
  const patientChecks = await openViewStore<PatientCheckLedger>({
    file: join(options.dataDir, 'views', 'patient-checks.json'),
    journal,
    initial: emptyPatientCheckLedger,
    reduce: reducePatientChecks,
    logger: log,
  });
  // The check value of the prescription being served; forgotten with the session.
  const checkValues = new Map<string, string>();

  if (options.demoStock && journal.lastSeq === 0) {
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

  // Devices, each under its deviceSupervisor machine (DESIGN §3).
  const devices = new KioskDevices(hw, clock, log);
  devices.onChange(() => publish());
  const dispenser = devices.dispenser;

  const cabinet = new CabinetMonitor({
    driver: dispenser,
    clock,
    record: async (reading) => {
      await journal.append('CABINET_READING', reading);
    },
  });

  // Recalls arrive with the signed revocation list and blocks with cold-chain monitoring.
  const stock: StockRulesDeps = {
    hardware: hw,
    clock,
    timeZone: siteConfig.timeZone,
    recalledLots: () => [],
    blockedSlots: () => [],
  };

  const session = createActor(
    kioskSessionMachine.provide({
      actors: {
        verifyPrescription: fromPromise(({ input }) =>
          verifyScan(
            {
              journal,
              inventory,
              patientChecks,
              trust: () => trustList,
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
            { journal, ledger: patientChecks, checkValueOf: (jti) => checkValues.get(jti) },
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
      },
      delays: { IDLE_TIMEOUT: siteConfig.idleTimeoutSeconds * 1000 },
    }),
    { clock, input: { defaultLanguage: siteConfig.defaultLanguage } },
  );

  devices.onScan((scan) =>
    session.send({ type: 'SCANNED', scan: { text: scan.text, aim: scan.aim } }),
  );

  function publish(): void {
    const snapshot: UiSnapshot = sessionToSnapshot(session.getSnapshot(), {
      version: ++version,
      kioskName: siteConfig.kioskName,
      devices: devices.links(),
      outOfService: fatal !== null,
    });
    publisher.publish(snapshot);
  }
  session.subscribe(publish);
  session.start();
  publish();
  devices.start();
  cabinet.start();

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
      session.send(event);
    },
  };

  return {
    bridge,
    testClock,
    outOfService: null,
    async stop() {
      cabinet.stop();
      session.stop();
      publisher.stop();
      await devices.stop();
      await inventory.close();
      await patientChecks.close();
      await journal.close();
    },
  };
}

function outOfServiceKiosk(
  publisher: SnapshotPublisher,
  kioskName: string,
  why: string,
  testClock: AdjustableClock | null,
): RunningKiosk {
  publisher.publish({
    version: 1,
    screen: 'out_of_service',
    kioskName,
    language: 'en',
    devices: [],
  });
  return {
    bridge: { subscribe: (l) => publisher.subscribe(l), send: () => {} },
    testClock,
    outOfService: why,
    async stop() {
      publisher.stop();
    },
  };
}

export type { Journal, ViewStore };
