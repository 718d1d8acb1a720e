import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../contracts/clock';
import { nextLastSeenTime } from '../prescriptions/offline-window';
import { fsyncDirectory } from '../journal/fsync-directory';

/**
 * The latest time this kiosk has seen, kept in DATA_DIR/clock.json so a clock set back (flat RTC
 * battery, tampering) is noticed after a restart too (prescription-token.md §5 "Clock rollback").
 * It only moves forward. Written at start and then once a minute: losing a minute on a power cut
 * is well inside the 5-minute tolerance.
 */
const FILE = 'clock.json';
/** Long enough not to wear the storage, short enough to stay inside the 5-minute tolerance. */
const RECORD_EVERY_MS = 60_000;

export class LastSeenTime {
  private value: number | undefined;
  private timer: unknown = null;

  private constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    stored: number | undefined,
  ) {
    this.value = stored;
  }

  static async open(dir: string, clock: Clock): Promise<LastSeenTime> {
    let stored: number | undefined;
    try {
      const parsed = JSON.parse(await readFile(join(dir, FILE), 'utf8')) as { lastSeen?: unknown };
      if (typeof parsed.lastSeen === 'number' && Number.isFinite(parsed.lastSeen))
        stored = parsed.lastSeen;
    } catch {
      stored = undefined; // first boot or a damaged file: nothing seen yet
    }
    return new LastSeenTime(dir, clock, stored);
  }

  /** The value before this boot's clock was taken into account (what rollback is measured from). */
  get lastSeen(): number | undefined {
    return this.value;
  }

  start(): void {
    const tick = () => {
      void this.record();
      this.timer = this.clock.setTimeout(tick, RECORD_EVERY_MS);
    };
    this.timer = this.clock.setTimeout(tick, RECORD_EVERY_MS);
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
  }

  /** Records now (never moving backwards). */
  async record(): Promise<void> {
    this.value = nextLastSeenTime(this.value, this.clock.now());
    const tmp = join(this.dir, `${FILE}.tmp`);
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(JSON.stringify({ lastSeen: this.value }));
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(tmp, join(this.dir, FILE));
    await fsyncDirectory(this.dir);
  }
}
