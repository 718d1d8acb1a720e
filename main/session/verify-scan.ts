import type { Clock } from '../../contracts/clock';
import type { Journal } from '../journal';
import type { ViewStore } from '../views';
import type { InventoryState } from '../inventory/inventory-state';
import type { SiteConfig } from '../config/site-config';
import type { ScanInput, Verification } from '../../state-machines/kiosk-session';
import { decidePrescription } from '../prescriptions/decide-prescription';
import type { CurrentLists } from '../prescriptions/list-store';
import { assessClockTrust } from '../prescriptions/offline-window';
import {
  failedAttemptsFor,
  MAX_PATIENT_CHECK_ATTEMPTS,
} from '../prescriptions/patient-check-policy';
import type { Prescription } from '../prescriptions/prescription';
import { explainNoPick } from '../inventory/explain-no-pick';
import { stockRules, type StockRulesDeps } from '../dispensing/stock-rules';
import type { SyncLedger } from '../sync/sync-ledger';

/**
 * The kiosk's answer to a scanned prescription, offline (prescription-token.md §4): the token
 * checks and the state checks against the installed signed lists, the fill ledger and a trusted
 * clock (steps 1–11), a patient-check lock (12), and stock (13) — all before the patient is asked
 * anything. Every decision is journaled — RX_ACCEPTED with the token id, or RX_REFUSED with its
 * reason — and nothing about the patient is logged.
 */
export interface VerifyScanDeps {
  journal: Journal;
  inventory: ViewStore<InventoryState>;
  patientCheckFailures: ViewStore<Readonly<Record<string, number>>>;
  sync: ViewStore<SyncLedger>;
  lists: () => CurrentLists;
  /** The latest time this kiosk had seen before now (clock rollback check). */
  lastSeenTime: () => number | undefined;
  site: SiteConfig;
  clock: Clock;
  stock: StockRulesDeps;
  /** Remembers the accepted prescription's check value for the patient check that follows. */
  rememberCheckValue: (jti: string, checkValue: string) => void;
}

/** QR codes with FNC1 or ECI are never prescriptions; `shc:/` tokens are plain QR (scanner.md §2). */
const PRESCRIPTION_AIMS = new Set([']Q1', null]);

export async function verifyScan(deps: VerifyScanDeps, scan: ScanInput): Promise<Verification> {
  const decision = decide(deps, scan);
  if (decision.ok) {
    const rx = decision.rx;
    deps.rememberCheckValue(rx.jti, decision.checkValue);
    await deps.journal.append('RX_ACCEPTED', {
      jti: rx.jti,
      medication: rx.medication.display,
      packs: rx.packsPerFill,
    });
    return {
      ok: true,
      order: {
        jti: rx.jti,
        medication: rx.medication.display,
        dose: rx.dose,
        packs: rx.packsPerFill,
        gtins: decision.gtins,
        supplyDays: rx.expectedSupplyDays ?? 0,
        codes: codesOf(rx, deps.site, decision.gtins),
        ...(rx.vitals && { vitals: rx.vitals }),
      },
      attemptsLeft:
        MAX_PATIENT_CHECK_ATTEMPTS - failedAttemptsFor(deps.patientCheckFailures.state, rx.jti),
    };
  }
  await deps.journal.append('RX_REFUSED', { reason: decision.reason, detail: decision.detail });
  return {
    ok: false,
    reason: decision.reason,
    detail: decision.detail,
    ...(decision.reason === 'no_fills_left' &&
      decision.prescription && {
        refillable: {
          jti: decision.prescription.jti,
          medication: decision.prescription.medication.display,
        },
      }),
  };
}

type Decision =
  | { ok: true; rx: Prescription; checkValue: string; gtins: string[] }
  | { ok: false; reason: string; detail: string; prescription?: Prescription };

function decide(deps: VerifyScanDeps, scan: ScanInput): Decision {
  if (!PRESCRIPTION_AIMS.has(scan.aim) || !scan.text.startsWith('shc:/')) {
    return {
      ok: false,
      reason: 'malformed',
      detail: `not a prescription QR (symbology ${scan.aim ?? 'none'}, ${scan.text.length} characters)`,
    };
  }
  const now = deps.clock.now();
  const lastSuccessfulSync = deps.sync.state.lastSuccessfulSync ?? undefined;
  const window = { lastSuccessfulSync, offlineWindowDays: deps.site.offlineWindowDays };
  const decided = decidePrescription({
    qrText: scan.text,
    lists: deps.lists(),
    ledger: { fills: deps.inventory.state.fills, acknowledgedSeq: deps.sync.state.acknowledgedSeq },
    clockTrust: assessClockTrust({ now, lastSeenTime: deps.lastSeenTime(), ...window }),
    now,
    kioskId: deps.site.kioskId,
    siteId: deps.site.siteId,
    timeZone: deps.site.timeZone,
    ...window,
  });
  if (!decided.ok)
    return {
      ok: false,
      reason: decided.error.reason,
      detail: decided.error.detail,
      ...(decided.error.prescription && { prescription: decided.error.prescription }),
    };
  const rx = decided.value;
  // The patient check is mandatory: the QR is a bearer credential (prescription-token.md §5).
  const checkValue = rx.patient.check;
  if (!checkValue)
    return {
      ok: false,
      reason: 'malformed',
      detail: 'the prescription has no patient check value',
    };
  if (failedAttemptsFor(deps.patientCheckFailures.state, rx.jti) >= MAX_PATIENT_CHECK_ATTEMPTS) {
    return {
      ok: false,
      reason: 'patient_locked',
      detail: 'too many wrong patient checks on this kiosk',
    };
  }
  // Step 13 before the patient is asked anything: no point checking a PIN for a pack we lack.
  const gtins = gtinsFor(rx, deps.site);
  const noPick = explainNoPick(
    deps.inventory.state,
    stockRules(deps.stock, gtins, rx.expectedSupplyDays ?? 0),
  );
  if (noPick)
    return {
      ok: false,
      reason: noPick,
      detail: `no usable pack of GTIN ${gtins.join('/') || '(none named)'} in this cabinet`,
    };
  return { ok: true, rx, checkValue, gtins };
}

/** GTINs that fill this prescription: those it names, and those the site formulary maps its codes to. */
function gtinsFor(rx: Prescription, site: SiteConfig): string[] {
  const fromFormulary = rx.medication.codings.flatMap((c) => site.formulary[c.code] ?? []);
  return [...new Set([...rx.medication.gtins, ...fromFormulary])];
}

/**
 * The medication's codes: the token's own, and those the site formulary maps to its GTINs, so a
 * token that names only a GTIN still finds its counselling text by the medicine's ATC code.
 */
function codesOf(rx: Prescription, site: SiteConfig, orderGtins: readonly string[]): string[] {
  const gtins = new Set(orderGtins);
  const mapped = Object.entries(site.formulary)
    .filter(([, formularyGtins]) => formularyGtins.some((g) => gtins.has(g)))
    .map(([code]) => code);
  return [...new Set([...rx.medication.codings.map((c) => c.code), ...mapped])];
}
