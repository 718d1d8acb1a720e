import { z } from 'zod';

/**
 * The technician panel's vitals tool (issue 9): what main shows (`VitalsToolView`, part of the
 * snapshot's technician view) and what the renderer may ask (`VitalsToolEvents`, each a `TECH_`
 * UiEvent). A measurement here tests the device; it is nobody's reading and is never journaled
 * as VITALS_MEASURED. No patient data, no PIN, no token text.
 */

export const VitalsToolDevice = z.enum(['oximeter', 'bpCuff']);
export type VitalsToolDevice = z.infer<typeof VitalsToolDevice>;

/** A device's link as the supervisor sees it, or `not_configured` when the cabinet has none. */
export const VitalsDeviceLink = z.enum(['ready', 'degraded', 'lost', 'not_configured']);
export type VitalsDeviceLink = z.infer<typeof VitalsDeviceLink>;

/**
 * What the device says while it measures, or why a measurement ended without a reading, as a
 * word the panel translates. Oximeter: finger_out, sensor_off, motion, searching, implausible.
 * Cuff: movement, cuff_loose, position, leak, weak_signal, timeout, implausible, over_pressure,
 * internal, device_error, unit, no_ack, no_progress. Both: lost, not_ready, busy, stopped.
 */
export const VitalsProblem = z.enum([
  'finger_out',
  'sensor_off',
  'motion',
  'searching',
  'implausible',
  'movement',
  'cuff_loose',
  'position',
  'leak',
  'weak_signal',
  'timeout',
  'over_pressure',
  'internal',
  'device_error',
  'unit',
  'no_ack',
  'no_progress',
  'lost',
  'not_ready',
  'busy',
  'stopped',
]);
export type VitalsProblem = z.infer<typeof VitalsProblem>;

export const OximeterResult = z.strictObject({
  /** Percent, 50–100. */
  spo2: z.number().int(),
  pulse: z.number().int(),
  lowPerfusion: z.boolean(),
});
export const CuffResult = z.strictObject({
  systolic: z.number().int(),
  diastolic: z.number().int(),
  map: z.number().int(),
  pulse: z.number().int(),
  irregularPulse: z.boolean(),
});

export const VitalsToolView = z.strictObject({
  links: z.strictObject({ oximeter: VitalsDeviceLink, bpCuff: VitalsDeviceLink }),
  /** The device of the measurement running or last run; null before the first. */
  device: VitalsToolDevice.nullable(),
  phase: z.enum(['idle', 'measuring', 'done', 'failed']),
  /** Oximeter: the last 3 s of pleth samples (8-bit, 75 Hz), for the same wave the patient sees. */
  pleth: z.array(z.number().int().min(0).max(255)),
  /** Cuff: the pressure now (mmHg) and whether it fills or lets air out, for the same dial. */
  pressureMmHg: z.number().nullable(),
  cuffPhase: z.enum(['inflating', 'deflating']).nullable(),
  /** The oximeter's live signal: ok while good packets arrive. */
  signal: z.enum(['ok', 'low_perfusion']).nullable(),
  /** While measuring: what disturbs it now. When failed: why it ended. */
  problem: VitalsProblem.nullable(),
  oximeter: OximeterResult.nullable(),
  bpCuff: CuffResult.nullable(),
});
export type VitalsToolView = z.infer<typeof VitalsToolView>;

/** Starts a measurement on one device (a running one is stopped first). */
export const VitalsMeasureEvent = z.strictObject({
  type: z.literal('TECH_VITALS_MEASURE'),
  device: VitalsToolDevice,
});
/** Stops the running measurement (the cuff deflates at once). */
export const VitalsStopEvent = z.strictObject({ type: z.literal('TECH_VITALS_STOP') });

export const VitalsToolEvents = [VitalsMeasureEvent, VitalsStopEvent] as const;
export type VitalsToolEvent = z.infer<(typeof VitalsToolEvents)[number]>;
