import type { Result } from '../../contracts/result';
import type { CurrentLists } from './list-store';
import type { Prescription } from './prescription';
import type { Refusal } from './reasons';
import { stateChecksFor, type FillLedger } from './state-checks';
import { verifyPrescriptionToken, type ClockTrust, type PrescriptionCheck } from './verify-token';

/**
 * The kiosk's offline decision on a scanned prescription: prescription-token.md §4 steps 1–11 in
 * order, over the installed signed lists, the journal-derived fill ledger and the clock. Pure and
 * synchronous: the caller journals RX_ACCEPTED / RX_REFUSED with the answer. Steps 12–14 (patient
 * check, stock, vitals, dispense) come after, in their own stages.
 */
export interface DecidePrescriptionInput {
  /** The scanned text, `shc:/` + digits. */
  readonly qrText: string;
  /** From `ListStore.lists()`: the indexes built when each list was installed. */
  readonly lists: CurrentLists;
  readonly ledger: FillLedger;
  /** From `assessClockTrust` (offline-window.ts) with the persisted last-seen and sync times. */
  readonly clockTrust: ClockTrust;
  /** Epoch ms (Clock.now()). */
  readonly now: number;
  readonly kioskId: string;
  readonly siteId: string;
  /** IANA zone for validity dates without a time (site config). */
  readonly timeZone: string;
  /** Site config `offlineWindowDays` (default 7). */
  readonly offlineWindowDays: number;
  /** Epoch ms of the last successful sync; undefined = never, so every list is stale. */
  readonly lastSuccessfulSync: number | undefined;
}

/**
 * A refusal; when a stateful rule (revocation, fills, interval) refused a token whose signature
 * verified, the prescription it was, so the kiosk can offer a refill of that one.
 */
export type Decision = Result<Prescription, Refusal & { prescription?: Prescription }>;

export function decidePrescription(input: DecidePrescriptionInput): Decision {
  const window = {
    lastSuccessfulSync: input.lastSuccessfulSync,
    offlineWindowDays: input.offlineWindowDays,
  };
  let refusedByState: Prescription | undefined;
  const checks = stateChecksFor({
    revocation: input.lists.revocation,
    refill: input.lists.refill,
    ledger: input.ledger,
    window,
  }).map((check): PrescriptionCheck => (rx, context) => {
    const refused = check(rx, context);
    if (refused) refusedByState = rx;
    return refused;
  });
  const decided = verifyPrescriptionToken({
    qrText: input.qrText,
    trust: input.lists.trust,
    offlineWindow: window,
    now: input.now,
    kioskId: input.kioskId,
    siteId: input.siteId,
    timeZone: input.timeZone,
    clock: input.clockTrust,
    stateChecks: checks,
  });
  if (decided.ok || !refusedByState) return decided;
  return { ok: false, error: { ...decided.error, prescription: refusedByState } };
}
