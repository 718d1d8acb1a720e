import type { JournalEventDataOf } from '../../contracts/journal-events';
import type { SlotReleasePayload } from '../../contracts/slot-release';
import type { InventoryState } from '../inventory/inventory-state';
import { isKnownExcursion, ongoingExcursion, type ColdChainState } from './cold-chain-state';
import { degreesOutside, isOutsideBand, type TemperatureBand } from './temperature-band';

/**
 * What the cold chain journals next, decided from the journal-derived state alone (so the same
 * reading after a restart decides the same): pure functions, the service appends their events.
 */

type CabinetReading = JournalEventDataOf<'CABINET_READING'>;

export type ReadingOutcome =
  | { kind: 'none' }
  | { kind: 'excursion'; data: JournalEventDataOf<'COLD_CHAIN_EXCURSION'> }
  | { kind: 'recovered'; data: JournalEventDataOf<'COLD_CHAIN_RECOVERED'> };

/**
 * A journaled reading against the band. No sensor (null) neither starts nor ends an excursion:
 * it is shown to the technician as such, and the next real reading decides.
 */
export function outcomeOfReading(
  state: ColdChainState,
  reading: CabinetReading,
  band: TemperatureBand,
  now: number,
): ReadingOutcome {
  const t = reading.temperatureC;
  if (t === null) return { kind: 'none' };
  const ongoing = ongoingExcursion(state);
  const outside = isOutsideBand(t, band);
  if (outside && !ongoing)
    return { kind: 'excursion', data: { temperatureC: t, minC: band.min, maxC: band.max } };
  if (!outside && ongoing)
    return {
      kind: 'recovered',
      data: {
        excursionSeq: ongoing.seq,
        peakC: ongoing.peakC,
        durationMs: Math.max(0, now - ongoing.startedAt),
      },
    };
  return { kind: 'none' };
}

/**
 * Whether a polled reading should be journaled at once rather than at the next 5-minute record:
 * when it would start or end an excursion, or set a new peak of the one under way.
 */
export function readingMatters(
  state: ColdChainState,
  reading: CabinetReading,
  band: TemperatureBand,
): boolean {
  const t = reading.temperatureC;
  if (t === null) return false;
  const ongoing = ongoingExcursion(state);
  if (!ongoing) return isOutsideBand(t, band);
  const started = { min: ongoing.minC, max: ongoing.maxC };
  return (
    !isOutsideBand(t, band) || degreesOutside(t, started) > degreesOutside(ongoing.peakC, started)
  );
}

/** The slots to block at an excursion: each holding a pack of a cold-chain GTIN, and which. */
export function slotsToBlock(
  inventory: InventoryState,
  coldChainGtins: readonly string[],
): { slot: number; gtins: string[] }[] {
  const coldChain = new Set(coldChainGtins);
  return Object.entries(inventory.slots)
    .map(([slot, packs]) => ({
      slot: Number(slot),
      gtins: [...new Set(packs.map((p) => p.gtin).filter((g) => coldChain.has(g)))].sort(),
    }))
    .filter((s) => s.gtins.length > 0)
    .sort((a, b) => a.slot - b.slot);
}

/**
 * The SLOT_RELEASED events a release download calls for: each release naming a blocked slot and
 * an excursion this kiosk journaled, at or after the one that blocked it. A release for an older
 * excursion, or for a seq that was never an excursion here, lifts nothing. Blocks already lifted
 * are not in the state, so applying the same download twice journals nothing the second time.
 */
export function releasesToApply(
  state: ColdChainState,
  payload: SlotReleasePayload,
): JournalEventDataOf<'SLOT_RELEASED'>[] {
  const out: JournalEventDataOf<'SLOT_RELEASED'>[] = [];
  const lifted = new Set<number>();
  for (const release of payload.releases) {
    const block = state.blocks[String(release.slot)];
    if (!block || lifted.has(release.slot)) continue;
    if (release.excursionSeq < block.excursionSeq) continue;
    if (!isKnownExcursion(state, release.excursionSeq)) continue;
    lifted.add(release.slot);
    out.push({
      slot: release.slot,
      excursionSeq: release.excursionSeq,
      releasedBy: release.releasedBy,
      releaseVersion: payload.version,
    });
  }
  return out;
}

/**
 * A pack loaded while an excursion is under way is out of band from the moment it is in: a
 * cold-chain GTIN restocked then blocks its slot for that excursion (unless it already is).
 */
export function blockForRestock(
  state: ColdChainState,
  restock: JournalEventDataOf<'RESTOCK'>,
  coldChainGtins: readonly string[],
): JournalEventDataOf<'SLOT_BLOCKED'> | null {
  const ongoing = ongoingExcursion(state);
  if (!ongoing) return null;
  const held = state.blocks[String(restock.slot)];
  if (held && held.excursionSeq >= ongoing.seq) return null;
  const coldChain = new Set(coldChainGtins);
  const gtins = [...new Set(restock.packs.map((p) => p.gtin).filter((g) => coldChain.has(g)))];
  if (gtins.length === 0) return null;
  return { slot: restock.slot, excursionSeq: ongoing.seq, gtins: gtins.sort() };
}
