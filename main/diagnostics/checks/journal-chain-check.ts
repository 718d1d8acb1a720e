import { describeJournalError, verifyJournalDir, type CheckpointVerifier } from '../../journal';
import { fail, pass, type CheckOutcome } from './check-result';

/**
 * The whole hash chain and every CHECKPOINT signature, read-only (verifyJournalDir), exactly as
 * the kiosk checks it at start and the hub on upload. While the kiosk runs, the last line may be
 * in the middle of being written: that is reported, not failed.
 */
export async function checkJournalChain(
  dir: string,
  verifyCheckpoint: CheckpointVerifier | undefined,
): Promise<CheckOutcome> {
  const verified = await verifyJournalDir(dir, verifyCheckpoint ? { verifyCheckpoint } : {});
  if (!verified.ok) return fail(describeJournalError(verified.error));
  const v = verified.value;
  const events = v.segments.reduce((n, s) => n + s.eventCount, 0);
  const signatures = verifyCheckpoint ? 'chain and checkpoint signatures' : 'chain';
  const tail = v.tornTail ? '; a last line still being written was not checked' : '';
  return pass(
    `${events} events in ${v.segments.length} segment(s): ${signatures} verified up to seq ${v.lastSeq} (hash ${v.lastHash.slice(0, 12)}…)${tail}`,
  );
}
