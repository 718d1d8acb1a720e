/**
 * Pure vitals rules used by the `vitals` machine and its view: which measurements a prescription
 * asks for, whether a reading breaks the prescription's limits (prescription-token.md §3
 * `urn:opendispense:vitals`, §4 step 13a), and a blood-pressure category for the patient's screen.
 * No effects, no machine: everything here is a plain function tested with tables.
 */

/**
 * The prescription's vitals requirement (prescription-token.md §3): integer limits, each optional.
 * A BP limit asks for a cuff reading, `spo2Min` for an oximeter reading.
 */
export interface VitalsLimits {
  /** mmHg; the reading is out of range when systolic > this. */
  bpSystolicMax?: number;
  /** mmHg; the reading is out of range when diastolic > this. */
  bpDiastolicMax?: number;
  /** %; the reading is out of range when SpO2 < this. */
  spo2Min?: number;
}

export type VitalsMeasurement = 'bp' | 'spo2';

/** An accepted cuff reading as the step reports it (mmHg, bpm). */
export interface VitalsBpReading {
  systolic: number;
  diastolic: number;
  /** Mean arterial pressure, when the cuff gives one. */
  map?: number;
  pulse?: number;
  /** 0x2A35 status bit 2: kept for the pharmacist, never a retake by itself (vitals.md §C). */
  irregularPulse?: boolean;
  /** 0x2A35 status bits 3–4, kept for the pharmacist like `irregularPulse`. */
  pulseRange?: 'within' | 'above' | 'below' | 'reserved';
}

/** An accepted oximeter reading: the median of 5 good packets (vitals.md §C). */
export interface VitalsSpo2Reading {
  /** %. */
  spo2: number;
  /** bpm. */
  pulse: number;
  /** RPRF during the run: shown as a warning, the reading still stands. */
  lowPerfusion: boolean;
}

export interface VitalsReadings {
  bp?: VitalsBpReading;
  spo2?: VitalsSpo2Reading;
}

export type VitalsLimitName = keyof VitalsLimits;

/** One limit a reading broke: the value measured and the prescription's threshold. */
export interface VitalsBreach {
  limit: VitalsLimitName;
  value: number;
  threshold: number;
}

/**
 * The measurements a requirement asks for, in the order the kiosk takes them. SpO2 goes first: it
 * is quick and painless, and the half minute it takes counts towards the seated rest that BP
 * guidelines ask for before a cuff reading.
 */
export function measurementPlan(limits: VitalsLimits): VitalsMeasurement[] {
  const plan: VitalsMeasurement[] = [];
  if (limits.spo2Min !== undefined) plan.push('spo2');
  if (limits.bpSystolicMax !== undefined || limits.bpDiastolicMax !== undefined) plan.push('bp');
  return plan;
}

/**
 * Every limit the readings break (empty = in range). A limit whose reading was not taken is not
 * a breach: whether a reading is missing is the machine's outcome, not a range question.
 */
export function checkLimits(limits: VitalsLimits, readings: VitalsReadings): VitalsBreach[] {
  const breaches: VitalsBreach[] = [];
  const { bp, spo2 } = readings;
  if (bp && limits.bpSystolicMax !== undefined && bp.systolic > limits.bpSystolicMax) {
    breaches.push({ limit: 'bpSystolicMax', value: bp.systolic, threshold: limits.bpSystolicMax });
  }
  if (bp && limits.bpDiastolicMax !== undefined && bp.diastolic > limits.bpDiastolicMax) {
    breaches.push({
      limit: 'bpDiastolicMax',
      value: bp.diastolic,
      threshold: limits.bpDiastolicMax,
    });
  }
  if (spo2 && limits.spo2Min !== undefined && spo2.spo2 < limits.spo2Min) {
    breaches.push({ limit: 'spo2Min', value: spo2.spo2, threshold: limits.spo2Min });
  }
  return breaches;
}

/** "systolic 182 mmHg > max 140 (bpSystolicMax); …" for the journal and the pharmacist. */
export function describeBreaches(breaches: readonly VitalsBreach[]): string {
  return breaches
    .map((b) => {
      switch (b.limit) {
        case 'bpSystolicMax':
          return `systolic ${b.value} mmHg > max ${b.threshold} (bpSystolicMax)`;
        case 'bpDiastolicMax':
          return `diastolic ${b.value} mmHg > max ${b.threshold} (bpDiastolicMax)`;
        case 'spo2Min':
          return `SpO2 ${b.value} % < min ${b.threshold} (spo2Min)`;
      }
    })
    .join('; ');
}

// ---------------------------------------------------------------------------------------------
// Blood-pressure category (for the UI only; the prescription's limits decide the outcome)
// ---------------------------------------------------------------------------------------------

/**
 * 2017 ACC/AHA adult categories, plus `low`. The category is a label for the patient's screen
 * and the pharmacist; it never decides whether a medicine is dispensed.
 */
export type BpCategory = 'low' | 'normal' | 'elevated' | 'stage1' | 'stage2' | 'crisis';

/** ACC/AHA thresholds, mmHg. "Crisis" is *above* 180/120; the others are "at or above". */
export const BP_THRESHOLDS = {
  CRISIS_SYSTOLIC_ABOVE: 180,
  CRISIS_DIASTOLIC_ABOVE: 120,
  STAGE2_SYSTOLIC: 140,
  STAGE2_DIASTOLIC: 90,
  STAGE1_SYSTOLIC: 130,
  STAGE1_DIASTOLIC: 80,
  ELEVATED_SYSTOLIC: 120,
  /**
   * Below 90 systolic or 60 diastolic is the usual "low blood pressure" line. ACC/AHA has no such
   * category, but without it 85/55 would read "normal", which is the wrong thing to tell a
   * patient collecting an antihypertensive.
   */
  LOW_SYSTOLIC_BELOW: 90,
  LOW_DIASTOLIC_BELOW: 60,
} as const;

/**
 * The highest category either number reaches (ACC/AHA: "or" for stage 1/2 and crisis; elevated
 * needs diastolic < 80, which the stage 1 check already ensures). Low is checked only after every
 * high category, so 150/55 is stage 2, not low.
 */
export function bpCategory(systolic: number, diastolic: number): BpCategory {
  const t = BP_THRESHOLDS;
  if (systolic > t.CRISIS_SYSTOLIC_ABOVE || diastolic > t.CRISIS_DIASTOLIC_ABOVE) return 'crisis';
  if (systolic >= t.STAGE2_SYSTOLIC || diastolic >= t.STAGE2_DIASTOLIC) return 'stage2';
  if (systolic >= t.STAGE1_SYSTOLIC || diastolic >= t.STAGE1_DIASTOLIC) return 'stage1';
  if (systolic >= t.ELEVATED_SYSTOLIC) return 'elevated';
  if (systolic < t.LOW_SYSTOLIC_BELOW || diastolic < t.LOW_DIASTOLIC_BELOW) return 'low';
  return 'normal';
}
