import path from 'node:path';
import type { Clock } from '../../contracts/clock';
import type { LastSeenTime } from '../clock/last-seen-time';
import type { HardwareConfig } from '../config/hardware-config';
import type { SiteConfig } from '../config/site-config';
import type { KioskDevices } from '../devices/kiosk-devices';
import type { CheckpointVerifier, Journal } from '../journal';
import type { ListStore } from '../prescriptions/list-store';
import type { SyncLedger } from '../sync/sync-ledger';
import type { RosterStore } from '../technician/roster-store';
import type { ViewStore } from '../views';
import { deviceProbesFor } from './checks/device-probes';
import {
  bpCuffEntry,
  dispenserEntry,
  oximeterEntry,
  printerEntry,
  recordTraffic,
  scannerEntry,
  type DeviceTrafficRing,
} from './device-traffic-ring';
import { createDiagnostics, type Diagnostics } from './diagnostics-service';
import { kioskViewsToCheck } from './kiosk-views';
import { KIOSK_LOG_FILE, listSummaries } from './offline-diagnostics';

/**
 * The running kiosk's diagnostics, from the objects main/app.ts already holds: one call in the
 * composition root instead of a dozen wires. Devices are probed through KioskDevices' drivers.
 */
export function createKioskDiagnostics(deps: {
  readonly dataDir: string;
  readonly site: SiteConfig;
  readonly hardware: HardwareConfig;
  readonly appVersion: string;
  readonly clock: Clock;
  readonly journal: Journal;
  readonly verifyCheckpoint: CheckpointVerifier;
  readonly devices: KioskDevices;
  readonly traffic: DeviceTrafficRing;
  readonly lists: ListStore;
  readonly roster: RosterStore;
  readonly sync: ViewStore<SyncLedger>;
  readonly lastSeen: LastSeenTime;
}): Diagnostics {
  const { devices, lists, clock } = deps;
  // Drivers the kiosk creates lazily (oximeter, cuff) are looked up at each probe.
  const probe = (id: string) =>
    deviceProbesFor(
      { dispenser: devices.dispenser, printer: devices.printer, oximeter: devices.oximeter },
      clock,
    )(id);
  return createDiagnostics({
    kiosk: {
      kioskId: deps.site.kioskId,
      kioskName: deps.site.kioskName,
      appVersion: deps.appVersion,
    },
    clock,
    journal: deps.journal,
    verifyCheckpoint: deps.verifyCheckpoint,
    devices: { statusList: () => devices.statusList(), probe },
    traffic: deps.traffic,
    views: kioskViewsToCheck(deps.dataDir),
    dataDir: deps.dataDir,
    lists: () => ({
      ...(lists.current('trust') && { trust: lists.current('trust')?.payload }),
      ...(lists.current('revocation') && { revocation: lists.current('revocation')?.payload }),
    }),
    listSummaries: () => listSummaries(lists, deps.roster),
    sync: () => deps.sync.state,
    lastSeenTime: () => deps.lastSeen.lastSeen,
    offlineWindowDays: deps.site.offlineWindowDays,
    config: { site: deps.site, hardware: deps.hardware },
    logFiles: [path.join(deps.dataDir, KIOSK_LOG_FILE)],
  });
}

/**
 * Feeds the traffic ring from every driver that reports traffic: the dispenser, the scanner
 * (whose drivers redact it) and the printer at once, the oximeter and the BP cuff when
 * KioskDevices first opens them. Returns the unsubscribe.
 */
export function attachDeviceTraffic(ring: DeviceTrafficRing, devices: KioskDevices): () => void {
  const offs = [
    recordTraffic(ring, (l) => devices.dispenser.onTraffic(l), dispenserEntry),
    recordTraffic(ring, (l) => devices.onScannerTraffic(l), scannerEntry),
  ];
  const printer = devices.printer;
  if (printer) offs.push(recordTraffic(ring, (l) => printer.onTraffic(l), printerEntry));
  let cuffAttached = false;
  let oximeterAttached = false;
  const attachLazy = (): void => {
    if (!cuffAttached && devices.bpCuff) {
      cuffAttached = true;
      const cuff = devices.bpCuff;
      offs.push(recordTraffic(ring, (l) => cuff.onTraffic(l), bpCuffEntry));
    }
    if (!oximeterAttached && devices.oximeter) {
      oximeterAttached = true;
      const oximeter = devices.oximeter;
      offs.push(recordTraffic(ring, (l) => oximeter.onTraffic(l), oximeterEntry));
    }
  };
  attachLazy();
  offs.push(devices.onChange(attachLazy));
  return () => {
    for (const off of offs) off();
  };
}
