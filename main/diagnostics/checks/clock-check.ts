import type { JournalEvent, JournalEventDataOf } from '../../../contracts/journal-events';
import { assessClockTrust, CLOCK_ROLLBACK_TOLERANCE_MS } from '../../prescriptions/offline-window';
import { fail, isoOf, pass, type CheckOutcome } from './check-result';

/**
 * Clock sanity (prescription-token.md §4 step 7, §5 "Clock rollback"): not behind the latest
 * time this kiosk has seen nor behind its last successful sync, that sync inside the offline
 * window, and — when the last sync was with a hub — the kiosk's clock within 5 minutes of the
 * hub's as measured then (SYNC_COMPLETED.hubOffsetMs).
 */

export type LastSync = JournalEventDataOf<'SYNC_COMPLETED'>;

/** Folds the journal to its last SYNC_COMPLETED (order by seq, never by clock). */
export function reduceLastSync(
  state: LastSync | undefined,
  event: JournalEvent,
): LastSync | undefined {
  return event.type === 'SYNC_COMPLETED' ? event.data : state;
}

export function checkClock(input: {
  readonly now: number;
  readonly lastSeenTime: number | undefined;
  readonly lastSuccessfulSync: number | null;
  readonly lastSync: LastSync | undefined;
  readonly offlineWindowDays: number;
}): CheckOutcome {
  const trust = assessClockTrust({
    now: input.now,
    lastSeenTime: input.lastSeenTime,
    lastSuccessfulSync: input.lastSuccessfulSync ?? undefined,
    offlineWindowDays: input.offlineWindowDays,
  });
  const clock = `kiosk clock ${isoOf(input.now)}`;
  if (!trust.trusted)
    return fail(`${clock}: ${trust.detail}; prescriptions are refused (clock_untrusted)`);
  const sync = input.lastSync;
  let hub = 'the last sync was not with a hub: no hub clock to compare';
  if (sync?.source === 'hub' && sync.hubOffsetMs !== undefined) {
    const offset = sync.hubOffsetMs;
    const words = `${Math.abs(offset / 60_000).toFixed(1)} min ${offset > 0 ? 'behind' : 'ahead of'} the hub at the sync of ${isoOf(sync.at)}`;
    if (Math.abs(offset) > CLOCK_ROLLBACK_TOLERANCE_MS) {
      return fail(
        `${clock}: it was ${words} (more than ${CLOCK_ROLLBACK_TOLERANCE_MS / 60_000} min)`,
      );
    }
    hub = `within ${Math.abs(offset)} ms of the hub at the sync of ${isoOf(sync.at)}`;
  }
  const seen =
    input.lastSeenTime === undefined
      ? 'no earlier time recorded'
      : `not behind the latest time seen (${isoOf(input.lastSeenTime)})`;
  return pass(`${clock}: ${seen}; ${hub}`);
}
