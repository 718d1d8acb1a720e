import type { Logger } from 'pino';
import type { Clock } from '../../contracts/clock';
import type { DeviceLink } from '../../contracts/bridge';
import { DispenserDriver } from '../../hardware/dispenser/driver';
import { PrinterDriver } from '../../hardware/printer/driver';
import { OximeterDriver } from '../../hardware/oximeter/driver';
import { BpCuffDriver } from '../../hardware/bp-cuff/driver';
import type { Transport } from '../../hardware/transports/transport';
import { ScannerDriver, type ScannerTraffic } from '../../hardware/scanner/driver';
import { HidScannerDriver, type HidScannerTraffic } from '../../hardware/scanner/hid-driver';
import { ACCESS_IS_HID_LAYOUT, MICROSCAN_HID_LAYOUT } from '../../hardware/scanner/hid-layout';
import { formatRedactedScan, redactScan } from '../../hardware/scanner/redact';
import type { ScanEvent } from '../../hardware/scanner/scan-event';
import { WedgeScanner } from '../../hardware/scanner/wedge-scanner';
import { describeHidSelector, openHidDevice } from '../../hardware/transports/hid-transport';
import type { HardwareConfig } from '../config/hardware-config';
import { openSerialLink, SupervisedDevice, type DeviceStatus } from './supervised-device';

/**
 * Every device of the cabinet, from the hardware config (the one factory that chooses what runs,
 * STYLE.md): each driver, each under its deviceSupervisor, with their statuses in one place.
 * Scans from whichever scanner the cabinet has arrive through `onScan`, already debounced and
 * logged in redacted form only.
 */
export class KioskDevices {
  readonly dispenser: DispenserDriver;
  readonly printer: PrinterDriver | null;
  oximeter: OximeterDriver | null = null;
  bpCuff: BpCuffDriver | null = null;
  private readonly supervised: SupervisedDevice[] = [];
  private readonly wedge: WedgeScanner | null = null;
  private readonly statuses = new Map<string, DeviceStatus>();
  private readonly scanListeners = new Set<(scan: ScanEvent) => void>();
  private readonly changeListeners = new Set<() => void>();
  private readonly scannerTrafficListeners = new Set<
    (event: ScannerTraffic | HidScannerTraffic) => void
  >();

  constructor(
    hw: HardwareConfig,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.dispenser = new DispenserDriver({
      clock,
      supportsDispenseId: hw.dispenser.supportsDispenseId,
      logger: log,
    });
    this.dispenser.onLateStatus((status) =>
      log.warn({ ...status }, 'dispenser reported a status for no dispense in progress'),
    );
    const dispenser = this.dispenser;
    this.supervise({
      id: 'dispenser',
      open: openSerialLink('dispenser', hw.dispenser, (t) => dispenser.attach(t)),
      // The board is the bus master: its POLLs are the heartbeat (dispenser.md §3).
      watchDriver: (send) =>
        dispenser.onLink((change) => {
          if (change.state === 'degraded')
            send({ type: 'DEGRADED', detail: 'no POLL from the board for 1 s' });
          else if (change.state === 'up') send({ type: 'HEALTHY' });
          else if (change.reason === 'noPoll')
            send({ type: 'LOST', detail: 'no POLL from the board for 3 s' });
        }),
    });

    const scanner = hw.scanner;
    if (scanner.kind === 'serial') {
      this.supervise({
        id: 'scanner',
        open: openSerialLink('scanner', scanner, (t) => {
          const driver = new ScannerDriver({ transport: t, clock });
          driver.onScan((scan) => this.emitScan(scan));
          driver.onTraffic((event) => this.emitScannerTraffic(event));
          driver.onError((e) => log.warn({ code: e.code }, 'scanner read error'));
          void driver.open();
        }),
      });
    } else if (scanner.kind === 'hid') {
      const layout = scanner.layout === 'microscan' ? MICROSCAN_HID_LAYOUT : ACCESS_IS_HID_LAYOUT;
      this.supervise({
        id: 'scanner',
        open: async () => {
          const device = await openHidDevice(scanner);
          const driver = new HidScannerDriver({ device, clock, layout });
          driver.onScan((scan) => this.emitScan(scan));
          driver.onTraffic((event) => this.emitScannerTraffic(event));
          driver.onError((e) => log.warn({ code: e.code }, 'scanner report error'));
          driver.start();
          return {
            port: describeHidSelector(scanner),
            onLost: (l) => driver.onLost(l),
            close: () => driver.close(),
          };
        },
      });
    } else {
      // A wedge scanner types into the kiosk window; it has no link of its own to supervise.
      this.wedge = new WedgeScanner({ config: scanner.wedge, clock });
      this.wedge.onScan((scan) => {
        // A wedge has no wire of its own: its traffic is the scans it decoded (redacted).
        this.emitScannerTraffic({
          kind: 'scan',
          atMs: clock.now(),
          scan: redactScan(scan),
          debounced: false,
        });
        this.emitScan(scan);
      });
      this.wedge.onError((e) => log.warn({ code: e.code }, 'wedge scanner error'));
      this.statuses.set('scanner', {
        id: 'scanner',
        link: 'ready',
        port: 'keyboard',
        reconnects: 0,
        lastError: null,
      });
    }

    this.printer = hw.printer ? new PrinterDriver({ clock, logger: log }) : null;
    const printer = this.printer;
    if (hw.printer && printer)
      this.supervise({
        id: 'printer',
        open: openSerialLink('printer', hw.printer, (t) => printer.attach(t)),
      });

    if (hw.oximeter) {
      this.supervise({
        id: 'oximeter',
        open: openSerialLink('oximeter', hw.oximeter, (t) => {
          if (this.oximeter) return this.oximeter.attach(t);
          this.oximeter = new OximeterDriver({ transport: t, clock });
          void this.oximeter.open();
        }),
        // The oximeter streams 75 frames/s: silence is its only sign of a pulled module.
        watchDriver: (send) =>
          this.oximeter?.onLink((change) => {
            if (change.state === 'degraded')
              send({ type: 'DEGRADED', detail: 'oximeter frames out of sync' });
            else if (change.state === 'up') send({ type: 'HEALTHY' });
          }) ?? (() => {}),
      });
    }
    if (hw.bpCuff) {
      this.supervise({
        id: 'bpCuff',
        open: openSerialLink('bpCuff', hw.bpCuff, (t: Transport) => {
          if (this.bpCuff) return this.bpCuff.attach(t);
          this.bpCuff = new BpCuffDriver({ transport: t, clock });
          void this.bpCuff.open();
        }),
      });
    }
  }

  start(): void {
    this.dispenser.start();
    for (const d of this.supervised) d.start();
  }

  async stop(): Promise<void> {
    await this.dispenser.stop();
    await Promise.all(this.supervised.map((d) => d.stop()));
    await this.printer?.close();
    await this.oximeter?.close();
    await this.bpCuff?.close();
  }

  /** Keystrokes from the kiosk window (WEDGE_KEYS); ignored unless the scanner is a wedge. */
  wedgeKeys(keys: string): void {
    this.wedge?.receive(keys);
  }

  onScan(listener: (scan: ScanEvent) => void): () => void {
    this.scanListeners.add(listener);
    return () => this.scanListeners.delete(listener);
  }

  /** The scanner's traffic, already redacted by its driver (the technician's traffic view). */
  onScannerTraffic(listener: (event: ScannerTraffic | HidScannerTraffic) => void): () => void {
    this.scannerTrafficListeners.add(listener);
    return () => this.scannerTrafficListeners.delete(listener);
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  statusList(): DeviceStatus[] {
    return [...this.statuses.values()];
  }

  links(): { id: string; kind: string; link: DeviceLink }[] {
    return this.statusList().map(({ id, link }) => ({ id, kind: id, link }));
  }

  private supervise(
    options: Omit<ConstructorParameters<typeof SupervisedDevice>[0], 'clock' | 'onChange'>,
  ): void {
    const device = new SupervisedDevice({
      ...options,
      clock: this.clock,
      onChange: (status) => {
        const before = this.statuses.get(status.id);
        this.statuses.set(status.id, status);
        if (before?.link !== status.link) {
          this.log.info(
            {
              device: status.id,
              link: status.link,
              port: status.port,
              lastError: status.lastError,
            },
            'device link',
          );
        }
        for (const l of this.changeListeners) l();
      },
    });
    this.supervised.push(device);
  }

  private emitScannerTraffic(event: ScannerTraffic | HidScannerTraffic): void {
    for (const l of this.scannerTrafficListeners) l(event);
  }

  private emitScan(scan: ScanEvent): void {
    this.log.info({ scan: formatRedactedScan(redactScan(scan)) }, 'scan');
    for (const l of this.scanListeners) l(scan);
  }
}
