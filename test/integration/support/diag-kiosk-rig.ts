import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { systemClock } from '../../../contracts/clock';
import { kioskAdminHandlers } from '../../../main/admin/kiosk-admin-handlers';
import { startAdminServer, type RunningAdminServer } from '../../../main/admin/admin-server';
import { LastSeenTime } from '../../../main/clock/last-seen-time';
import { HardwareConfig } from '../../../main/config/hardware-config';
import { loadJsonConfig } from '../../../main/config/load-json-config';
import { SiteConfig } from '../../../main/config/site-config';
import { prepareDemo, type DemoFiles } from '../../../main/demo/prepare-demo';
import { KioskDevices } from '../../../main/devices/kiosk-devices';
import { DeviceTrafficRing } from '../../../main/diagnostics/device-traffic-ring';
import type { Diagnostics } from '../../../main/diagnostics/diagnostics-service';
import {
  attachDeviceTraffic,
  createKioskDiagnostics,
} from '../../../main/diagnostics/kiosk-diagnostics';
import { TECHNICIAN_LOCKOUT_VIEW_FILE } from '../../../main/diagnostics/kiosk-views';
import {
  emptyInventory,
  InventoryStateSchema,
  reduceInventory,
} from '../../../main/inventory/inventory-state';
import { openJournal, type Journal } from '../../../main/journal';
import { loadOrCreateDeviceKey } from '../../../main/keys';
import { openListStore } from '../../../main/prescriptions/list-store';
import { loadRootPublicKey } from '../../../main/prescriptions/root-key';
import { installIncoming } from '../../../main/sync/incoming';
import { emptySyncLedger, reduceSyncLedger } from '../../../main/sync/sync-ledger';
import { installRoster, openRosterStore } from '../../../main/technician/roster-store';
import {
  emptyTechnicianLockout,
  reduceTechnicianLockout,
  TechnicianLockoutSchema,
} from '../../../main/technician/technician-lockout';
import { openViewStore, type ViewStore } from '../../../main/views';
import { stopChild } from '../../../scripts/lib/child-process';
import { launchSimHost, type SimHostProcess } from '../../../scripts/lib/launch';
import { demoStock } from '../../../main/demo/demo-stock';

/**
 * The kiosk's diagnostics wired the way main/app.ts will wire them (the issue-9 report's sketch),
 * in this process, against the real simulators on PTYs: journal, views, lists, roster, devices
 * under their supervisors, the traffic ring, createKioskDiagnostics and the admin endpoint. Only
 * the patient machines and the screen are missing.
 */
export interface DiagKioskRig {
  readonly root: string;
  readonly dataDir: string;
  readonly sim: SimHostProcess;
  readonly demo: DemoFiles;
  readonly journal: Journal;
  readonly devices: KioskDevices;
  readonly diagnostics: Diagnostics;
  admin: RunningAdminServer | null;
  /** What the kiosk says keeps it busy (a patient session), or null: heavy admin calls wait. */
  busyReason: string | null;
  stopAdmin(): Promise<void>;
  /** Closes everything the kiosk holds (journal lock, ports) but leaves the simulators running. */
  closeKiosk(): Promise<void>;
  stop(): Promise<void>;
}

export async function startDiagKioskRig(): Promise<DiagKioskRig> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'diag-rig-'));
  const dataDir = path.join(root, 'kiosk');
  const demo = await prepareDemo({ dataDir, demoDir: path.join(root, 'demo') });
  const sim = await launchSimHost(path.join(root, 'run'));
  const log = pino({ level: 'silent' });
  const clock = systemClock;

  const hw = loadJsonConfig(sim.hardwarePath, HardwareConfig);
  const site = loadJsonConfig(path.join(dataDir, 'site.json'), SiteConfig);
  if (!hw.ok || !site.ok) throw new Error('config');
  const rootKey = await loadRootPublicKey(path.join(dataDir, 'root-key.public.jwk'));
  if (!rootKey.ok) throw new Error(rootKey.error);
  const deviceKey = await loadOrCreateDeviceKey(path.join(dataDir, 'keys'));
  if (!deviceKey.ok) throw new Error('device key');
  const verifyCheckpoint = deviceKey.value.verifyCheckpoint.bind(deviceKey.value);
  const opened = await openJournal({
    dir: path.join(dataDir, 'journal'),
    clock,
    signer: deviceKey.value,
    verifyCheckpoint,
  });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  const journal = opened.value;

  const views: ViewStore<unknown>[] = [];
  const inventory = await openViewStore({
    file: path.join(dataDir, 'views', 'inventory.json'),
    journal,
    initial: emptyInventory,
    reduce: reduceInventory,
    schema: InventoryStateSchema,
  });
  const sync = await openViewStore({
    file: path.join(dataDir, 'views', 'sync.json'),
    journal,
    initial: emptySyncLedger,
    reduce: reduceSyncLedger,
  });
  const lockout = await openViewStore({
    file: path.join(dataDir, 'views', TECHNICIAN_LOCKOUT_VIEW_FILE),
    journal,
    initial: emptyTechnicianLockout,
    reduce: reduceTechnicianLockout,
    schema: TechnicianLockoutSchema,
  });
  views.push(
    inventory as ViewStore<unknown>,
    sync as ViewStore<unknown>,
    lockout as ViewStore<unknown>,
  );
  const listsOpened = await openListStore({
    dir: path.join(dataDir, 'lists'),
    rootPublicJwk: rootKey.value.jwk,
  });
  if (!listsOpened.ok) throw new Error(listsOpened.error);
  const lists = listsOpened.value.store;
  const roster = (
    await openRosterStore({ dir: path.join(dataDir, 'lists'), rootPublicJwk: rootKey.value.jwk })
  ).store;
  await installIncoming(dataDir, journal, lists, log);
  for (const load of demoStock(clock.now())) await journal.append('RESTOCK', load);
  const lastSeen = await LastSeenTime.open(dataDir, clock);
  await lastSeen.record();

  const devices = new KioskDevices(hw.value, clock, log);
  const traffic = new DeviceTrafficRing();
  const detachTraffic = attachDeviceTraffic(traffic, devices);
  devices.start();

  const diagnostics = createKioskDiagnostics({
    dataDir,
    site: site.value,
    hardware: hw.value,
    appVersion: '0.1.0-test',
    clock,
    journal,
    verifyCheckpoint,
    devices,
    traffic,
    lists,
    roster,
    sync,
    lastSeen,
  });
  const startAdmin = () =>
    startAdminServer({
      dataDir,
      handlers: kioskAdminHandlers({
        diagnostics,
        busy: () => rig.busyReason,
        status: () => ({
          kioskId: site.value.kioskId,
          kioskName: site.value.kioskName,
          appVersion: '0.1.0-test',
          pid: process.pid,
          journalLastSeq: journal.lastSeq,
          technicianId: null,
          devices: devices.statusList().map((d) => ({ ...d })),
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

  let kioskOpen = true;
  const rig: DiagKioskRig = {
    root,
    dataDir,
    sim,
    demo,
    journal,
    devices,
    diagnostics,
    admin: null,
    busyReason: null,
    async stopAdmin() {
      await rig.admin?.stop();
      rig.admin = null;
    },
    async closeKiosk() {
      if (!kioskOpen) return;
      kioskOpen = false;
      await rig.stopAdmin();
      detachTraffic();
      await devices.stop();
      for (const view of views) await view.close();
      await journal.close();
    },
    async stop() {
      await rig.closeKiosk();
      await stopChild(sim.child);
      await rm(root, { recursive: true, force: true });
    },
  };
  rig.admin = await startAdmin();
  return rig;
}

/** Resolves once every device the supervisor knows is in `link` (or rejects after `timeoutMs`). */
export async function waitForLinks(
  devices: KioskDevices,
  want: (statuses: ReturnType<KioskDevices['statusList']>) => boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!want(devices.statusList())) {
    if (Date.now() > deadline) {
      throw new Error(`device links not as expected: ${JSON.stringify(devices.statusList())}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
