import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../../contracts/clock';
import type { JournalEvent } from '../../contracts/journal-events';
import type { SlotReleasePayload } from '../../contracts/slot-release';
import type { SiteConfig } from '../config/site-config';
import type { InventoryState } from '../inventory/inventory-state';
import type { Journal } from '../journal';
import type { SignedDocumentStore } from '../sync/signed-document-store';
import { openViewStore, type ViewStore } from '../views';
import type { CabinetReading } from './cabinet-monitor';
import {
  blockForRestock,
  outcomeOfReading,
  readingMatters,
  releasesToApply,
  slotsToBlock,
} from './cold-chain-decisions';
import {
  blockedSlots,
  ColdChainStateSchema,
  emptyColdChain,
  reduceColdChain,
  type ColdChainState,
} from './cold-chain-state';
import {
  emptyTemperatureSeries,
  reduceTemperatureSeries,
  TemperatureSeriesSchema,
  type TemperatureSeries,
} from './temperature-series';

/**
 * The cold chain (issue 9 item 7): follows the journaled CABINET_READINGs, journals an excursion
 * when one leaves the site's band (and blocks the slots holding cold-chain medicines) and its end
 * when they return, and lifts blocks a pharmacist's signed `release` download names. What it
 * decides lives in the journal; its views (main/views) make it survive a restart.
 */

export const COLD_CHAIN_VIEW_FILE = 'cold-chain.json';
export const TEMPERATURE_SERIES_VIEW_FILE = 'temperature-series.json';

export interface ColdChainOptions {
  journal: Journal;
  dataDir: string;
  clock: Clock;
  site: () => SiteConfig;
  inventory: Pick<ViewStore<InventoryState>, 'state'>;
  releases: Pick<SignedDocumentStore<SlotReleasePayload>, 'current' | 'onInstalled'>;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

export interface ColdChain {
  readonly state: ColdChainState;
  readonly series: TemperatureSeries;
  /** The latest reading polled from the board (journaled or not) and when; null before the first. */
  latest(): { reading: CabinetReading; at: number } | null;
  /** For the stock rules: slots no pack may be dispensed from. */
  blockedSlots(): number[];
  /** For the cabinet monitor: journal this polled reading now (it changes the cold chain)? */
  mustRecord(reading: CabinetReading): boolean;
  /** Every polled reading (for the technician's "now"). */
  noteReading(reading: CabinetReading): void;
  /** Listens for any change the technician's cabinet tool shows. Returns the unsubscribe. */
  onChange(listener: () => void): () => void;
  /** Resolves once every decision taken so far is journaled (tests). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const WATCHED = new Set<string>([
  'CABINET_READING',
  'COLD_CHAIN_EXCURSION',
  'COLD_CHAIN_RECOVERED',
  'SLOT_BLOCKED',
  'SLOT_RELEASED',
  'RESTOCK',
]);

export async function openColdChain(options: ColdChainOptions): Promise<ColdChain> {
  const { journal, clock, site, logger } = options;
  const views = join(options.dataDir, 'views');
  const state = await openViewStore<ColdChainState>({
    file: join(views, COLD_CHAIN_VIEW_FILE),
    journal,
    initial: emptyColdChain,
    reduce: reduceColdChain,
    schema: ColdChainStateSchema,
    ...(logger ? { logger } : {}),
  });
  const series = await openViewStore<TemperatureSeries>({
    file: join(views, TEMPERATURE_SERIES_VIEW_FILE),
    journal,
    initial: emptyTemperatureSeries,
    reduce: reduceTemperatureSeries,
    schema: TemperatureSeriesSchema,
    ...(logger ? { logger } : {}),
  });
  let latest: { reading: CabinetReading; at: number } | null = null;
  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const listener of listeners) listener();
  };

  // One decision at a time, each on the state its predecessors' events produced: two readings
  // out of band in a row make one excursion.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>): void => {
    queue = queue.then(work).catch((error: unknown) => {
      logger?.error({ err: (error as Error).message }, 'cold-chain decision failed');
    });
  };

  async function onReading(event: JournalEvent<'CABINET_READING'>): Promise<void> {
    const outcome = outcomeOfReading(
      state.state,
      event.data,
      site().temperatureBandC,
      Date.parse(event.ts),
    );
    if (outcome.kind === 'recovered') {
      await journal.append('COLD_CHAIN_RECOVERED', outcome.data);
      return;
    }
    if (outcome.kind !== 'excursion') return;
    const excursion = await journal.append('COLD_CHAIN_EXCURSION', outcome.data);
    logger?.warn({ ...outcome.data, excursionSeq: excursion.seq }, 'cold-chain excursion');
    for (const block of slotsToBlock(options.inventory.state, site().coldChainGtins))
      await journal.append('SLOT_BLOCKED', { ...block, excursionSeq: excursion.seq });
  }

  async function onRestock(event: JournalEvent<'RESTOCK'>): Promise<void> {
    const block = blockForRestock(state.state, event.data, site().coldChainGtins);
    if (!block) return;
    await journal.append('SLOT_BLOCKED', block);
    logger?.warn(
      { slot: block.slot, excursionSeq: block.excursionSeq },
      'restocked during an excursion: slot blocked',
    );
  }

  async function applyReleases(payload: SlotReleasePayload): Promise<void> {
    for (const release of releasesToApply(state.state, payload)) {
      await journal.append('SLOT_RELEASED', release);
      logger?.info({ slot: release.slot, excursionSeq: release.excursionSeq }, 'slot released');
    }
  }

  const unfollow = journal.onAppended((event) => {
    if (!WATCHED.has(event.type)) return;
    if (event.type === 'CABINET_READING') enqueue(() => onReading(event));
    if (event.type === 'RESTOCK') enqueue(() => onRestock(event));
    changed();
  });
  // Releases installed before this start (or while it was down) apply now; the journal decides
  // which are new.
  const installed = options.releases.current()?.payload;
  if (installed) enqueue(() => applyReleases(installed));
  const unlisten = options.releases.onInstalled((payload) => enqueue(() => applyReleases(payload)));

  return {
    get state() {
      return state.state;
    },
    get series() {
      return series.state;
    },
    latest: () => latest,
    blockedSlots: () => blockedSlots(state.state),
    mustRecord: (reading) => readingMatters(state.state, reading, site().temperatureBandC),
    noteReading(reading) {
      latest = { reading, at: clock.now() };
      changed();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    settled: () => queue,
    async close() {
      unfollow();
      unlisten();
      await queue;
      await state.close();
      await series.close();
    },
  };
}
