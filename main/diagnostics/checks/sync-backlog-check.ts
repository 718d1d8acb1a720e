import { fail, isoOf, pass, type CheckOutcome } from './check-result';

/**
 * Events the hub has not acknowledged yet (journal.lastSeq − acknowledgedSeq, main/sync/
 * sync-ledger.ts). A growing backlog means the pharmacist is not seeing this kiosk.
 */

/** ~2 weeks of a quiet kiosk's own readings and fills: past this, sync has been failing for long. */
export const DEFAULT_MAX_SYNC_BACKLOG = 5_000;

export function checkSyncBacklog(input: {
  readonly lastSeq: number;
  readonly acknowledgedSeq: number;
  readonly lastSuccessfulSync: number | null;
  readonly maxBacklog?: number;
}): CheckOutcome {
  const max = input.maxBacklog ?? DEFAULT_MAX_SYNC_BACKLOG;
  const backlog = Math.max(0, input.lastSeq - input.acknowledgedSeq);
  const last =
    input.lastSuccessfulSync === null
      ? 'no successful sync yet'
      : `last successful sync ${isoOf(input.lastSuccessfulSync)}`;
  const text = `${backlog} event(s) not yet acknowledged by the hub (acknowledged up to seq ${input.acknowledgedSeq} of ${input.lastSeq}); ${last}`;
  return backlog <= max ? pass(text) : fail(`${text}; more than ${max}: check the hub link`);
}
