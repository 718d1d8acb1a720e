import { z } from 'zod';
import { TECHNICIAN_TOOL_EVENTS, TechnicianToolsView } from './technician-tools';
import { DispenseOutcome } from './journal-events';

/**
 * The only things that cross between main and the renderer (DESIGN §2): a serializable view of
 * the machines (UiSnapshot) going out, and user events (UiEvent) coming in. Both hosts (Electron
 * and web-host) validate with these schemas on both sides.
 */

export const SCREENS = [
  'attract',
  'scan',
  'verifying',
  'enter_code',
  'identify',
  'vitals',
  'confirm',
  'dispensing',
  'printing',
  'done',
  'refused',
  'out_of_service',
  'technician',
] as const;
export const Screen = z.enum(SCREENS);

/** Languages the kiosk speaks (renderer/i18n has one file each; assets/audio a prompt set each). */
export const LANGUAGES = ['en', 'es', 'fr', 'sw'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;
export type Screen = z.infer<typeof Screen>;

export const DeviceLink = z.enum(['closed', 'opening', 'ready', 'degraded', 'lost']);
export type DeviceLink = z.infer<typeof DeviceLink>;

export const PackProgress = z.strictObject({
  index: z.number().int().nonnegative(),
  state: z.enum(['waiting', 'dispensing', 'done', 'failed', 'uncertain']),
  outcome: DispenseOutcome.optional(),
});
export type PackProgress = z.infer<typeof PackProgress>;

const VitalsRetryCause = z.enum([
  'movement',
  'cuffLoose',
  'position',
  'weakSignal',
  'timeout',
  'implausible',
  'fingerOut',
  'artefact',
]);

/**
 * The vitals step as the renderer draws it: the `VitalsView` of state-machines/vitals.ts (a type
 * test keeps the two the same). Live signals (cuff pressure, pleth) are the last few seconds only.
 */
export const VitalsView = z.strictObject({
  phase: z.enum(['connecting', 'instructions', 'measuring', 'retry', 'stopping', 'done']),
  measurement: z.enum(['bp', 'spo2']).nullable(),
  step: z.number().int().nonnegative(),
  steps: z.number().int().nonnegative(),
  attempt: z.number().int().positive(),
  maxAttempts: z.number().int().positive(),
  retryCause: VitalsRetryCause.nullable(),
  hint: z.union([VitalsRetryCause, z.enum(['searching', 'signalOk', 'lowPerfusion'])]).nullable(),
  pressureMmHg: z.number().nullable(),
  cuffPhase: z.enum(['inflating', 'deflating']).nullable(),
  pleth: z.array(z.number()).max(600),
  readings: z.strictObject({
    bp: z
      .strictObject({
        systolic: z.number(),
        diastolic: z.number(),
        map: z.number().optional(),
        pulse: z.number().optional(),
        irregularPulse: z.boolean().optional(),
        pulseRange: z.enum(['within', 'above', 'below', 'reserved']).optional(),
      })
      .optional(),
    spo2: z
      .strictObject({ spo2: z.number(), pulse: z.number(), lowPerfusion: z.boolean() })
      .optional(),
  }),
  bpCategory: z.enum(['low', 'normal', 'elevated', 'stage1', 'stage2', 'crisis']).nullable(),
  outcome: z
    .enum([
      'in_range',
      'out_of_range',
      'could_not_measure',
      'device_unavailable',
      'device_fault',
      'cancelled',
      'timed_out',
    ])
    .nullable(),
  breaches: z.array(
    z.strictObject({
      limit: z.enum(['bpSystolicMax', 'bpDiastolicMax', 'spo2Min']),
      value: z.number(),
      threshold: z.number(),
    }),
  ),
});
export type VitalsView = z.infer<typeof VitalsView>;

/** The label printed after dispensing (issue 6): never blocks the patient. */
export const LabelState = z.enum(['printing', 'printed', 'failed']);
export type LabelState = z.infer<typeof LabelState>;

/** The kiosk's devices as the technician sees them (the device supervisor's status). */
export const TechnicianDevice = z.strictObject({
  id: z.string(),
  link: DeviceLink,
  port: z.string().nullable(),
  /** `vendor:product` from the hardware config when the device is found by its USB ids. */
  usb: z.string().nullable(),
  reconnects: z.number().int().nonnegative(),
  /** Frames decoded and refused since start (the traffic ring); null before the first. */
  frames: z
    .strictObject({ good: z.number().int().nonnegative(), bad: z.number().int().nonnegative() })
    .nullable(),
  /** Requests the device did not answer in time (resends, no reply). */
  timeouts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
});

/** The sync agent as the technician sees it (null when the kiosk is not enrolled with a hub). */
export const TechnicianSync = z.strictObject({
  state: z.string(),
  lastSuccessAt: z.number().nullable(),
  backlog: z.number().int().nonnegative(),
  lagMs: z.number().nullable(),
  hubOffsetMs: z.number().nullable(),
  lastError: z.string().nullable(),
});

/**
 * The technician's diagnostics mode (issue 9): the `DiagnosticsView` of
 * state-machines/diagnostics.ts (a type test keeps the two the same) plus the devices and sync.
 * No PIN, no badge text, no patient data.
 */
export const TechnicianView = z.strictObject({
  step: z.enum([
    'locked',
    'awaiting_badge',
    'checking_badge',
    'pin',
    'checking_pin',
    'locked_out',
    'refused',
    'panel',
  ]),
  technician: z
    .strictObject({ technicianId: z.string(), name: z.string(), roles: z.array(z.string()) })
    .nullable(),
  attemptsLeft: z.number().int().nonnegative().nullable(),
  lastWrong: z.boolean(),
  /** Epoch ms (kiosk clock) until which the scanned badge is locked. */
  lockedUntil: z.number().nullable(),
  refusal: z.strictObject({ reason: z.string(), detail: z.string() }).nullable(),
  selfTest: z.strictObject({
    state: z.enum(['idle', 'running', 'done', 'failed']),
    completed: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    items: z
      .array(
        z.strictObject({
          id: z.string(),
          title: z.string(),
          passed: z.boolean(),
          reason: z.string(),
        }),
      )
      .max(64),
    savedTo: z.string().nullable(),
    error: z.string().nullable(),
  }),
  bundle: z.strictObject({
    state: z.enum(['idle', 'exporting', 'done', 'failed']),
    result: z
      .strictObject({ file: z.string(), sha256: z.string(), bytes: z.number().int() })
      .nullable(),
    error: z.string().nullable(),
  }),
  devices: z.array(TechnicianDevice),
  sync: TechnicianSync.nullable(),
  /** Where a bundle can be written (mounted USB sticks first); the technician picks one. */
  exportTargets: z.array(z.string()).max(16),
  /** The panel's tools (contracts/technician-tools.ts). */
  tools: TechnicianToolsView,
});
export type TechnicianView = z.infer<typeof TechnicianView>;

export const UiSnapshot = z.strictObject({
  /** Increases with every snapshot so the renderer can drop stale ones. */
  version: z.number().int().nonnegative(),
  screen: Screen,
  kioskName: z.string(),
  /** The patient's language for this session; back to the site default at attract. */
  language: Language,
  /** What the patient is about to receive, once a prescription passed the verifier. */
  order: z
    .strictObject({
      medication: z.string(),
      dose: z.string(),
      packs: z.number().int().positive(),
      /** The medication's codes (e.g. ATC "C08CA01"): the renderer finds its counselling text by them. */
      codes: z.array(z.string()),
    })
    .optional(),
  /** While the vitals step runs, and on its result. */
  vitals: VitalsView.optional(),
  /**
   * Present once the patient asked for help: a "call me" request is in the pharmacist's queue,
   * and the pharmacist calls the health post within `callWithinMinutes`. `requested` is true
   * while the message saying so is open (false once the patient closed it).
   */
  help: z
    .strictObject({ requested: z.boolean(), callWithinMinutes: z.number().int().positive() })
    .optional(),
  /** On a `no_fills_left` refusal: the patient can ask for a refill, once. */
  refill: z.enum(['available', 'requested']).optional(),
  /** After dispensing: the label's state; `failed` says why in `problem`. */
  label: z
    .strictObject({
      state: LabelState,
      problem: z.enum(['paper_out', 'cover_open', 'printer_unavailable']).optional(),
    })
    .optional(),
  /** The "type the code" fallback: what became of the last code typed. */
  codeEntry: z
    .strictObject({
      state: z.enum(['typing', 'resolving', 'offline', 'not_found', 'too_many']),
    })
    .optional(),
  /** Why the kiosk said no, in the verifier's reason code; the renderer turns it into words. */
  refusal: z.strictObject({ reason: z.string(), detail: z.string() }).optional(),
  dispense: z
    .strictObject({
      packs: z.array(PackProgress),
      given: z.number().int().nonnegative(),
      requested: z.number().int().positive(),
    })
    .optional(),
  devices: z.array(z.strictObject({ id: z.string(), kind: z.string(), link: DeviceLink })),
  /** On the identify screen: tries left before the prescription locks on this kiosk. */
  identify: z
    .strictObject({ attemptsLeft: z.number().int().nonnegative(), lastWrong: z.boolean() })
    .optional(),
  /** Epoch ms at which the idle timeout returns to attract, when one is running. */
  idleDeadline: z.number().optional(),
  /** Only on the `technician` screen: the diagnostics mode. */
  technician: TechnicianView.optional(),
});
export type UiSnapshot = z.infer<typeof UiSnapshot>;

export const UiEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('START') }),
  z.strictObject({ type: z.literal('SET_LANGUAGE'), language: Language }),
  z.strictObject({ type: z.literal('CONFIRM') }),
  z.strictObject({ type: z.literal('CANCEL') }),
  z.strictObject({ type: z.literal('FINISH') }),
  /**
   * The patient's date of birth and 6-digit PIN (prescription-token.md §3). Crosses the bridge
   * only to be checked in main; never logged, never journaled, never put in a snapshot.
   */
  z.strictObject({
    type: z.literal('PATIENT_CHECK'),
    birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    pin: z.string().regex(/^\d{6}$/),
  }),
  /** Any touch: keeps the idle timer from expiring while the patient is active. */
  z.strictObject({ type: z.literal('ACTIVITY') }),
  /** Help from any screen: queues a "call me" request for the pharmacist (journaled). */
  z.strictObject({ type: z.literal('HELP') }),
  /** Closes the help message; the request stays queued. */
  z.strictObject({ type: z.literal('CLOSE_HELP') }),
  /** On a `no_fills_left` refusal: ask the pharmacist for a refill (journaled). */
  z.strictObject({ type: z.literal('REQUEST_REFILL') }),
  /** Vitals: the cuff or finger clip is on; start measuring. */
  z.strictObject({ type: z.literal('START_MEASURE') }),
  /** On the scan screen: the QR will not scan, type the short code instead. */
  z.strictObject({ type: z.literal('ENTER_CODE') }),
  /** The short code printed under the QR (e.g. OD-7KQ2-9F3M). */
  z.strictObject({
    type: z.literal('SUBMIT_CODE'),
    code: z.string().regex(/^OD-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
  }),
  /** The technician's long press on the marked corner of the attract screen: scan a badge now. */
  z.strictObject({ type: z.literal('TECH_REQUEST_LOGIN') }),
  /** The technician's PIN (checked in main against the signed roster; never logged). */
  z.strictObject({ type: z.literal('TECH_SUBMIT_PIN'), pin: z.string().regex(/^\d{4,12}$/) }),
  z.strictObject({ type: z.literal('TECH_CANCEL') }),
  z.strictObject({ type: z.literal('TECH_LOGOUT') }),
  z.strictObject({ type: z.literal('TECH_ACTIVITY') }),
  z.strictObject({ type: z.literal('TECH_RUN_SELF_TEST') }),
  /** Start a sync round with the hub now (the sync card's button). */
  z.strictObject({ type: z.literal('TECH_SYNC_NOW') }),
  /** Export a diagnostics bundle to one of the offered `exportTargets`. */
  z.strictObject({ type: z.literal('TECH_EXPORT_BUNDLE'), outDir: z.string().max(4096) }),
  /** The panel's tools: open one, and each tool's own events. */
  ...TECHNICIAN_TOOL_EVENTS,
  /** Keystrokes from a keyboard-wedge scanner that the renderer did not use (DESIGN §2). */
  z.strictObject({ type: z.literal('WEDGE_KEYS'), keys: z.string().max(4096) }),
]);
export type UiEvent = z.infer<typeof UiEvent>;

export interface KioskBridge {
  subscribe(onSnapshot: (snapshot: UiSnapshot) => void): () => void;
  send(event: UiEvent): void;
}
