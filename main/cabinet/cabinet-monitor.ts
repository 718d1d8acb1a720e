import type { Clock } from '../../contracts/clock';
import type { JournalEventDataOf } from '../../contracts/journal-events';
import type { DispenserDriver } from '../../hardware/dispenser/driver';

/**
 * Asks the dispenser board for the cabinet's temperature and door (0x51 → 0x52) and journals a
 * CABINET_READING every `intervalMs` and at once when the door or the controller changes. A
 * board that does not answer is the supervisor's business; here the reading is just skipped.
 */
export type CabinetReading = JournalEventDataOf<'CABINET_READING'>;

export const CABINET_DEFAULTS = {
  /** How often the board is asked; a door left open is seen within this time. */
  POLL_MS: 30_000,
  /** Even with nothing changing, a reading is journaled this often for the temperature chart. */
  RECORD_EVERY_MS: 5 * 60_000,
};

export interface CabinetMonitorOptions {
  driver: Pick<DispenserDriver, 'requestMachineStatus' | 'link'>;
  clock: Clock;
  record: (reading: CabinetReading) => Promise<void>;
  onReading?: (reading: CabinetReading) => void;
  pollMs?: number;
  recordEveryMs?: number;
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

  /** One poll; exported for tests and for the technician's "read now". */
  async poll(): Promise<void> {
    if (this.options.driver.link === 'down') return;
    const status = await this.options.driver.requestMachineStatus();
    if (!status.ok) return;
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
      this.last.reading.temperatureControl !== reading.temperatureControl;
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
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.options.clock.setTimeout(() => {
      void this.poll().finally(() =>
        this.schedule(this.options.pollMs ?? CABINET_DEFAULTS.POLL_MS),
      );
    }, ms);
  }
}
