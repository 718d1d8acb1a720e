import type { Clock } from '../../contracts/clock';
import type { Journal } from '../journal';
import type { ViewStore } from '../views';
import type { InventoryState } from '../inventory/inventory-state';
import type { SiteConfig } from '../config/site-config';
import type { ScanInput, Verification } from '../../state-machines/kiosk-session';
import { verifyPrescriptionToken } from '../prescriptions/verify-token';
import type { TrustList } from '../prescriptions/trust';
import type { Prescription } from '../prescriptions/prescription';
import { checkFillRules } from './fill-rules';
import { explainNoPick } from '../inventory/explain-no-pick';
import { stockRules, type StockRulesDeps } from '../dispensing/stock-rules';
import { attemptsLeft, type PatientCheckLedger } from './patient-check-ledger';

/**
 * The kiosk's answer to a scanned prescription: the offline token checks (prescription-token.md
 * §4), then the fill ledger. Every decision is journaled — RX_ACCEPTED with the token id, or
 * RX_REFUSED with its reason — and nothing about the patient is logged.
 */
export interface VerifyScanDeps {
  journal: Journal;
  inventory: ViewStore<InventoryState>;
  patientChecks: ViewStore<PatientCheckLedger>;
  /** Remembers the accepted prescription's check value for the patient check that follows. */
  rememberCheckValue: (jti: string, checkValue: string) => void;
  trust: () => TrustList;
  site: SiteConfig;
  clock: Clock;
  stock: StockRulesDeps;
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
        gtins: gtinsFor(rx, deps.site),
        supplyDays: rx.expectedSupplyDays ?? 0,
      },
      attemptsLeft: attemptsLeft(deps.patientChecks.state, rx.jti),
    };
  }
  await deps.journal.append('RX_REFUSED', { reason: decision.reason, detail: decision.detail });
  return { ok: false, reason: decision.reason, detail: decision.detail };
}

type Decision =
  | { ok: true; rx: Prescription; checkValue: string }
  | { ok: false; reason: string; detail: string };

function decide(deps: VerifyScanDeps, scan: ScanInput): Decision {
  if (!PRESCRIPTION_AIMS.has(scan.aim) || !scan.text.startsWith('shc:/')) {
    return {
      ok: false,
      reason: 'malformed',
      detail: `not a prescription QR (symbology ${scan.aim ?? 'none'}, ${scan.text.length} characters)`,
    };
  }
  const now = deps.clock.now();
  const verified = verifyPrescriptionToken({
    qrText: scan.text,
    trust: deps.trust(),
    now,
    kioskId: deps.site.kioskId,
    siteId: deps.site.siteId,
    timeZone: deps.site.timeZone,
  });
  if (!verified.ok)
    return { ok: false, reason: verified.error.reason, detail: verified.error.detail };
  const rx = verified.value;
  const fills = checkFillRules(rx, deps.inventory.state.fills[rx.jti], now);
  if (!fills.ok) return { ok: false, reason: fills.error.reason, detail: fills.error.detail };
  // The patient check is mandatory: the QR is a bearer credential (prescription-token.md §5).
  const checkValue = rx.patient.check;
  if (!checkValue)
    return {
      ok: false,
      reason: 'malformed',
      detail: 'the prescription has no patient check value',
    };
  if (attemptsLeft(deps.patientChecks.state, rx.jti) === 0) {
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
  return { ok: true, rx, checkValue };
}

/** GTINs that fill this prescription: those it names, and those the site formulary maps its codes to. */
function gtinsFor(rx: Prescription, site: SiteConfig): string[] {
  const fromFormulary = rx.medication.codings.flatMap((c) => site.formulary[c.code] ?? []);
  return [...new Set([...rx.medication.gtins, ...fromFormulary])];
}
