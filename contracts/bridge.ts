import { z } from 'zod';
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
  'identify',
  'confirm',
  'dispensing',
  'done',
  'refused',
  'out_of_service',
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
  /** Keystrokes from a keyboard-wedge scanner that the renderer did not use (DESIGN §2). */
  z.strictObject({ type: z.literal('WEDGE_KEYS'), keys: z.string().max(4096) }),
]);
export type UiEvent = z.infer<typeof UiEvent>;

export interface KioskBridge {
  subscribe(onSnapshot: (snapshot: UiSnapshot) => void): () => void;
  send(event: UiEvent): void;
}
