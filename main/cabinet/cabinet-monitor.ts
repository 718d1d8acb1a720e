import type { Clock } from '../../contracts/clock';
import type { JournalEventDataOf } from '../../contracts/journal-events';
import type { DispenserDriver } from '../../hardware/dispenser/driver';

/**
 * Asks the dispenser board for the cabinet's temperature and door (0x51 → 0x52) and journals a
 * CABINET_READING every `intervalMs` and at once when the door, the controller or the sensor
 * changes, or the cold chain asks (`mustRecord`: an excursion starts, ends or peaks). A
 * board that does not answer is the supervisor's business; here the reading is just skipped.
 */
export type CabinetReading = JournalEventDataOf<'CABINET_READING'>;

export const CABINET_DEFAULTS = {
  /** How often the board is asked; a door left open is seen within this time. */
  POLL_MS: 30_000,
  /** Even with nothing changing, a reading is journaled this often for the temperature chart. */
  RECORD_EVERY_MS: 5 * 60_000,
  /** After a poll the board did not answer (link down or reopening): ask again this soon. */
  RETRY_MS: 2_000,
};

export interface CabinetMonitorOptions {
  driver: Pick<DispenserDriver, 'requestMachineStatus' | 'link'>;
  clock: Clock;
  record: (reading: CabinetReading) => Promise<void>;
  onReading?: (reading: CabinetReading) => void;
  /** A reading to journal at once though nothing above changed (the cold chain's crossings). */
  mustRecord?: (reading: CabinetReading) => boolean;
  pollMs?: number;
  recordEveryMs?: number;
  retryMs?: number;
}

export class CabinetMonitor {
  private timer: unknown = null;
  private last: { reading: CabinetReading; recordedAt: number } | null = null;
  private stopped = false;

  constructor(private readonly options: CabinetMonitorOptions) {}

  start(): void {
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
  }

  get latest(): CabinetReading | null {
    return this.last?.reading ?? null;
  }

  /** One poll; exported for tests and for the technician's "read now". False: no answer. */
  async poll(): Promise<boolean> {
    if (this.options.driver.link === 'down') return false;
    const status = await this.options.driver.requestMachineStatus();
    if (!status.ok) return false;
    const reading: CabinetReading = {
      temperatureC: status.value.temperatureC,
      setpointC: status.value.setpointC,
      door: status.value.door,
      temperatureControl: status.value.temperatureControl,
    };
    this.options.onReading?.(reading);
    const now = this.options.clock.now();
    const changed =
      !this.last ||
      this.last.reading.door !== reading.door ||
      this.last.reading.temperatureControl !== reading.temperatureControl ||
      // A sensor lost or back is reported at once (no temperature is not an excursion).
      (this.last.reading.temperatureC === null) !== (reading.temperatureC === null) ||
      this.options.mustRecord?.(reading) === true;
    const due =
      !this.last ||
      now - this.last.recordedAt >=
        (this.options.recordEveryMs ?? CABINET_DEFAULTS.RECORD_EVERY_MS);
    if (changed || due) {
      await this.options.record(reading);
      this.last = { reading, recordedAt: now };
    } else {
      this.last = { reading, recordedAt: this.last!.recordedAt };
    }
    return true;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.options.clock.setTimeout(() => {
      // A link that was down (a reopened port) is read again soon, not a whole period later.
      void this.poll()
        .catch(() => false)
        .then((answered) =>
          this.schedule(
            answered
              ? (this.options.pollMs ?? CABINET_DEFAULTS.POLL_MS)
              : (this.options.retryMs ?? CABINET_DEFAULTS.RETRY_MS),
          ),
        );
    }, ms);
  }
}
