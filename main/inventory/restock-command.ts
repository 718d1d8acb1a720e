import { join } from 'node:path';
import { HardwareConfig } from '../config/hardware-config';
import { formatConfigError, loadJsonConfig } from '../config/load-json-config';
import { SiteConfig } from '../config/site-config';
import { describeJournalError, JournalFatalError, openJournal, type Journal } from '../journal';
import { loadOrCreateDeviceKey } from '../keys';
import { localDate } from '../time/local-date';
import { openViewStore, type ViewStore } from '../views';
import {
  emptyInventory,
  InventoryStateSchema,
  reduceInventory,
  type InventoryState,
} from './inventory-state';
import type { RecalledLot } from './pack-eligibility';
import { loadRecalledLots } from './recalled-lots-file';
import { RESTOCK_EXIT, type RestockOptions } from './restock-args';
import { restockSlot, type RestockOutcome } from './restock';
import { scanFromArgument } from './restock-scan-text';

/**
 * The restock command with no kiosk running (DESIGN §2: a CLI that changes kiosk state takes the
 * journal lock itself when no kiosk holds it). Opens the kiosk's own journal, device key and
 * inventory view in its data directory, journals each scan, and returns the exit code.
 */

export interface RestockCommandIo {
  /** One line per pack, for the technician. */
  out(line: string): void;
  /** Why nothing could be done. */
  error(line: string): void;
  /** Epoch ms, for today's date. Default: Date.now. */
  now?: () => number;
}

/** Mirrors main/app.ts, so the kiosk finds its view current at its next start. */
const journalDir = (dataDir: string) => join(dataDir, 'journal');
const inventoryViewFile = (dataDir: string) => join(dataDir, 'views', 'inventory.json');

export async function runRestockCommand(
  options: RestockOptions,
  io: RestockCommandIo,
): Promise<number> {
  const hardware = loadJsonConfig(options.hardwarePath, HardwareConfig);
  if (!hardware.ok) return cannotRun(io, formatConfigError(hardware.error));
  const site = loadJsonConfig(options.sitePath, SiteConfig);
  if (!site.ok) return cannotRun(io, formatConfigError(site.error));
  let recalledLots: RecalledLot[] = [];
  if (options.recalledPath !== null) {
    const loaded = loadRecalledLots(options.recalledPath);
    if (!loaded.ok) return cannotRun(io, formatConfigError(loaded.error));
    recalledLots = loaded.value;
  }

  const key = await loadOrCreateDeviceKey(join(options.dataDir, 'keys'));
  if (!key.ok) return cannotRun(io, `device key ${key.error.path}: ${key.error.detail}`);
  const opened = await openJournal({
    dir: journalDir(options.dataDir),
    signer: key.value,
    verifyCheckpoint: (keyId, message, signature) =>
      key.value.verifyCheckpoint(keyId, message, signature),
  });
  if (!opened.ok) {
    if (opened.error.kind === 'locked') {
      io.error(
        `The kiosk is running (pid ${opened.error.pid} holds the journal in ${journalDir(options.dataDir)}), ` +
          'so this command cannot write to it. Restocking through the running kiosk (its admin ' +
          'endpoint) is not built yet: stop the kiosk, run this again, then start the kiosk.',
      );
      return RESTOCK_EXIT.JOURNAL_IN_USE;
    }
    return cannotRun(io, describeJournalError(opened.error));
  }
  const journal = opened.value;
  let inventory: ViewStore<InventoryState> | null = null;
  try {
    inventory = await openViewStore<InventoryState>({
      file: inventoryViewFile(options.dataDir),
      journal,
      initial: emptyInventory,
      reduce: reduceInventory,
      schema: InventoryStateSchema,
    });
    const today = localDate((io.now ?? Date.now)(), site.value.timeZone);
    const slotMap = hardware.value.slots;
    let refused = 0;
    for (const load of options.loads) {
      for (const argument of load.scans) {
        const scan = scanFromArgument(argument);
        const outcome = await restockSlot(journal, {
          slot: load.slot,
          scan,
          inventory,
          slotMap,
          // The hardware config's medicine for the slot; without one an empty slot takes any GTIN.
          assignedGtins: slotMap.find((s) => s.slot === load.slot)?.gtins ?? null,
          recalledLots,
          today,
          restockMarginDays: site.value.restockMarginDays,
          requireSerial: site.value.requireSerial,
        });
        if (!outcome.ok) refused += 1;
        io.out(describeOutcome(load.slot, outcome, scan.aim === null));
      }
    }
    return refused === 0 ? RESTOCK_EXIT.ALL_ADDED : RESTOCK_EXIT.SOME_REFUSED;
  } catch (error) {
    // A failed write or fsync: the scan in flight was not recorded, and nothing after it is tried.
    if (error instanceof JournalFatalError)
      return cannotRun(io, `the journal could not be written, stopped: ${error.message}`);
    throw error;
  } finally {
    await inventory?.close().catch(() => undefined);
    await closeQuietly(journal);
  }
}

function describeOutcome(slot: number, outcome: RestockOutcome, noAim: boolean): string {
  if (outcome.ok) {
    const { pack, seq } = outcome.value;
    const serial = pack.serial === undefined ? '' : ` serial ${pack.serial}`;
    return `slot ${slot}: added ${pack.gtin} lot ${pack.lot} expiry ${pack.expiry}${serial} (journal seq ${seq})`;
  }
  const { reason, detail, seq } = outcome.error;
  const hint = noAim && reason === 'bad_scan' ? ' (start the scan with its AIM, e.g. ]d2)' : '';
  return `slot ${slot}: refused ${reason}: ${detail}${hint} (journal seq ${seq})`;
}

function cannotRun(io: RestockCommandIo, message: string): number {
  io.error(`restock: ${message}`);
  return RESTOCK_EXIT.CANNOT_RUN;
}

async function closeQuietly(journal: Journal): Promise<void> {
  // After a fatal write the journal is already unusable; releasing its lock is best effort.
  await journal.close().catch(() => undefined);
}
