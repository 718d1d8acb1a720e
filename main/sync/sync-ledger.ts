import type { JournalEvent } from '../../contracts/journal-events';

/**
 * What the kiosk knows of its last contact with the hub, derived from the journal: when it last
 * synced (the offline window starts there) and up to which seq the hub acknowledged its events
 * (fills above it count for the offline one-fill rule). A lost view means nothing is
 * acknowledged until rebuilt — the safe direction.
 */
export interface SyncLedger {
  lastSuccessfulSync: number | null;
  acknowledgedSeq: number;
}

export const emptySyncLedger = (): SyncLedger => ({ lastSuccessfulSync: null, acknowledgedSeq: 0 });

export function reduceSyncLedger(state: SyncLedger, event: JournalEvent): SyncLedger {
  if (event.type === 'SYNC_COMPLETED')
    return { ...state, lastSuccessfulSync: Math.max(state.lastSuccessfulSync ?? 0, event.data.at) };
  if (event.type === 'FILLS_ACKNOWLEDGED')
    return { ...state, acknowledgedSeq: Math.max(state.acknowledgedSeq, event.data.upToSeq) };
  return state;
}
