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
import { emptyInventory, reduceInventory, type InventoryState } from './inventory/inventory-state';
import { closeOpenIntentsAsUncertain } from './dispensing/close-open-intents';
import { provideDispenseEffects } from './dispensing/dispense-effects';
import { demoStock } from './demo/demo-stock';
import { DispenserDriver } from '../hardware/dispenser/driver';
import { ScannerDriver } from '../hardware/scanner/driver';
import { PrinterDriver } from '../hardware/printer/driver';
import { formatRedactedScan, redactScan } from '../hardware/scanner/redact';
import { SupervisedSerialDevice, type DeviceStatus } from './devices/supervised-serial-device';
import { CabinetMonitor } from './cabinet/cabinet-monitor';
import { kioskSessionMachine } from '../state-machines/kiosk-session';
import { fromPromise } from 'xstate';
import { verifyScan } from './session/verify-scan';
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
    logger: log,
  });

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
  const devices: Record<string, DeviceStatus> = {};
  const deviceChanged = (status: DeviceStatus) => {
    const before = devices[status.id];
    devices[status.id] = status;
    if (before?.link !== status.link)
      log.info(
        { device: status.id, link: status.link, port: status.port, lastError: status.lastError },
        'device link',
      );
    publish();
  };

  const dispenser = new DispenserDriver({
    clock,
    supportsDispenseId: hw.dispenser.supportsDispenseId,
    logger: log,
  });
  dispenser.onLateStatus((status) =>
    log.warn({ ...status }, 'dispenser reported a status for no dispense in progress'),
  );
  dispenser.start();
  const dispenserDevice = new SupervisedSerialDevice({
    id: 'dispenser',
    config: hw.dispenser,
    clock,
    attach: (t) => dispenser.attach(t),
    // The board is the bus master: its POLLs are the heartbeat (dispenser.md §3).
    watchDriver: (send) =>
      dispenser.onLink((change) => {
        if (change.state === 'degraded')
          send({ type: 'DEGRADED', detail: 'no POLL from the board for 1 s' });
        else if (change.state === 'up') send({ type: 'HEALTHY' });
        else if (change.reason === 'noPoll')
          send({ type: 'LOST', detail: 'no POLL from the board for 3 s' });
      }),
    onChange: deviceChanged,
  });

  const printer = hw.printer ? new PrinterDriver({ clock, logger: log }) : null;
  const printerDevice =
    hw.printer && printer
      ? new SupervisedSerialDevice({
          id: 'printer',
          config: hw.printer,
          clock,
          attach: (t) => printer.attach(t),
          onChange: deviceChanged,
        })
      : null;

  const cabinet = new CabinetMonitor({
    driver: dispenser,
    clock,
    record: async (reading) => {
      await journal.append('CABINET_READING', reading);
    },
  });

  const session = createActor(
    kioskSessionMachine.provide({
      actors: {
        verifyPrescription: fromPromise(({ input }) =>
          verifyScan(
            { journal, inventory, trust: () => trustList, site: siteConfig, clock },
            input,
          ),
        ),
        dispensePack: provideDispenseEffects({
          journal,
          inventory,
          driver: dispenser,
          hardware: hw,
          clock,
          timeZone: siteConfig.timeZone,
        }),
      },
      delays: { IDLE_TIMEOUT: siteConfig.idleTimeoutSeconds * 1000 },
    }),
    { clock },
  );

  const scannerDevice = new SupervisedSerialDevice({
    id: 'scanner',
    config: hw.scanner,
    clock,
    attach: (t) => {
      const scanner = new ScannerDriver({ transport: t, clock });
      scanner.onScan((scan) => {
        log.info({ scan: formatRedactedScan(redactScan(scan)) }, 'scan');
        session.send({ type: 'SCANNED', scan: { text: scan.text, aim: scan.aim } });
      });
      scanner.onError((e) => log.warn({ code: e.code }, 'scanner read error'));
      void scanner.open();
    },
    onChange: deviceChanged,
  });

  function publish(): void {
    const snapshot: UiSnapshot = sessionToSnapshot(session.getSnapshot(), {
      version: ++version,
      kioskName: siteConfig.kioskName,
      devices: Object.values(devices).map(({ id, link }) => ({ id, kind: id, link })),
      outOfService: fatal !== null,
    });
    publisher.publish(snapshot);
  }
  session.subscribe(publish);
  session.start();
  publish();
  dispenserDevice.start();
  scannerDevice.start();
  printerDevice?.start();
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
        // No keyboard-wedge scanner is configured in this hardware config; keystrokes are dropped.
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
      await dispenser.stop();
      await Promise.all([dispenserDevice.stop(), scannerDevice.stop(), printerDevice?.stop()]);
      await printer?.close();
      await inventory.close();
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
  publisher.publish({ version: 1, screen: 'out_of_service', kioskName, devices: [] });
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
