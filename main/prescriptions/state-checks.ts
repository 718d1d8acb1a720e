import { listStalenessDetail, type OfflineWindow } from './offline-window';
import { refusal } from './reasons';
import type { RefillIndex } from './refill-list';
import type { RevocationIndex } from './revocation-list';
import type { PrescriptionCheck } from './verify-token';

/**
 * Steps 8–10 of prescription-token.md §4 as `PrescriptionCheck`s for the verifier's `stateChecks`
 * slot. Each factory takes exactly the state its step reads (lists, ledger, offline window) and
 * returns a pure function of the verified token and the clock; `stateChecksFor` lists them in §4
 * order, so the first failing step decides the reason. Lookups are Set/Map reads on indexes built
 * when the lists were installed.
 */

/** One token's fills made by this kiosk, as the journal-derived view holds them. */
export interface FillLedgerEntry {
  readonly count: number;
  /** ISO time of the last fill (the DISPENSE_RESULT's ts). */
  readonly lastAt: string;
  /** Journal seq of the last fill's DISPENSE_RESULT. */
  readonly lastSeq: number;
}

export interface FillLedger {
  /** inventory view `fills`, by jti. */
  readonly fills: Readonly<Record<string, FillLedgerEntry>>;
  /**
   * Highest journal seq the hub has acknowledged (FILLS_ACKNOWLEDGED). A lost sync view means 0:
   * nothing counts as acknowledged until the next sync, the safe direction.
   */
  readonly acknowledgedSeq: number;
}

const DAY_MS = 86_400_000;

function localFill(ledger: FillLedger, jti: string): FillLedgerEntry | undefined {
  // A verified jti is a UUID, but the ledger is a plain record: never read inherited members.
  return Object.hasOwn(ledger.fills, jti) ? ledger.fills[jti] : undefined;
}

/**
 * Step 8: the revocation list must be installed and inside the offline window (else
 * `trust_list_stale`: without it the kiosk cannot know what was revoked), and must not name the
 * token's `jti`, `vc.rid` or signing key.
 */
export function revocationCheck(
  revocation: RevocationIndex | undefined,
  window: OfflineWindow,
): PrescriptionCheck {
  return (rx, { now }) => {
    if (!revocation) return refusal('trust_list_stale', 'no revocation list is installed');
    const stale = listStalenessDetail('revocation list', revocation.list, now, window);
    if (stale !== undefined) return refusal('trust_list_stale', stale);
    const version = revocation.list.version;
    if (revocation.hasJti(rx.jti)) {
      return refusal('revoked', `the token id is on revocation list version ${version}`);
    }
    if (rx.rid !== undefined && revocation.hasRid(rx.rid)) {
      return refusal(
        'revoked',
        `the token's revocation id is on revocation list version ${version}`,
      );
    }
    if (revocation.hasKid(rx.kid)) {
      return refusal('revoked', `the signing key is revoked on revocation list version ${version}`);
    }
    return undefined;
  };
}

/**
 * Step 9, fills: `fills < 1 + numberOfRepeatsAllowed + Σ extraFills` of the refill authorizations
 * still valid for this token, where fills counts this kiosk's (journal) and other kiosks' (refill
 * list). A refill list past the offline window is `trust_list_stale`; none installed means no
 * authorizations and no remote fills (the hub sends one with every sync).
 */
export function fillsCheck(
  ledger: FillLedger,
  refill: RefillIndex | undefined,
  window: OfflineWindow,
): PrescriptionCheck {
  return (rx, { now }) => {
    if (refill) {
      const stale = listStalenessDetail('refill list', refill.list, now, window);
      if (stale !== undefined) return refusal('trust_list_stale', stale);
    }
    const here = localFill(ledger, rx.jti)?.count ?? 0;
    const elsewhere = refill?.remoteFills(rx.jti)?.count ?? 0;
    const extra = refill?.extraFills(rx.jti, now) ?? 0;
    const allowed = rx.fillsAllowed + extra;
    const made = here + elsewhere;
    if (made >= allowed) {
      return refusal(
        'no_fills_left',
        `${made} of ${allowed} fills made (${here} here, ${elsewhere} at other kiosks; ${rx.fillsAllowed} prescribed + ${extra} authorized)`,
      );
    }
    return undefined;
  };
}

/**
 * Step 9, offline rule: while this kiosk holds a fill of this token the hub has not acknowledged
 * (its seq is above the acknowledged cursor), it refuses another, so a token copied to several
 * kiosks while the link is down yields at most one fill per kiosk until the hub can see them all.
 */
export function offlineLimitCheck(ledger: FillLedger): PrescriptionCheck {
  return (rx) => {
    const here = localFill(ledger, rx.jti);
    if (here && here.lastSeq > ledger.acknowledgedSeq) {
      return refusal(
        'offline_limit',
        `the fill at seq ${here.lastSeq} is not yet acknowledged by the hub (acknowledged up to seq ${ledger.acknowledgedSeq})`,
      );
    }
    return undefined;
  };
}

/**
 * Step 10: `now − lastFill ≥ dispenseInterval` (or 0.8 × expectedSupplyDuration, already applied
 * in `Prescription.dispenseIntervalDays`), where lastFill is the latest fill here or elsewhere.
 */
export function intervalCheck(
  ledger: FillLedger,
  refill: RefillIndex | undefined,
): PrescriptionCheck {
  return (rx, { now }) => {
    const here = localFill(ledger, rx.jti);
    const elsewhere = refill?.remoteFills(rx.jti);
    if (!here && !elsewhere) return undefined;
    const hereMs = here ? Date.parse(here.lastAt) : Number.NEGATIVE_INFINITY;
    // An unreadable ledger time is a bug upstream; treat it as "just filled" (fail closed).
    const lastFill = Math.max(
      Number.isNaN(hereMs) ? now : hereMs,
      elsewhere?.lastAtMs ?? Number.NEGATIVE_INFINITY,
    );
    const nextAllowed = lastFill + rx.dispenseIntervalDays * DAY_MS;
    if (now < nextAllowed) {
      return refusal('too_soon', `next fill allowed from ${new Date(nextAllowed).toISOString()}`);
    }
    return undefined;
  };
}

export interface StateCheckInput {
  readonly revocation?: RevocationIndex | undefined;
  readonly refill?: RefillIndex | undefined;
  readonly ledger: FillLedger;
  readonly window: OfflineWindow;
}

/** Steps 8, 9 (fills, then the offline rule) and 10, in §4 order. */
export function stateChecksFor(input: StateCheckInput): readonly PrescriptionCheck[] {
  return [
    revocationCheck(input.revocation, input.window),
    fillsCheck(input.ledger, input.refill, input.window),
    offlineLimitCheck(input.ledger),
    intervalCheck(input.ledger, input.refill),
  ];
}
