import { z } from 'zod';
import { Language, LANGUAGES } from '../../contracts/bridge';

/**
 * The site config (DESIGN §9): kiosk identity and rules. Before enrollment it comes from a local
 * file; later the hub's signed config takes precedence. Built-in defaults fill the rest.
 */
export const SiteConfig = z.strictObject({
  kioskId: z.string().min(1),
  siteId: z.string().min(1),
  kioskName: z.string().min(1).default('Health post kiosk'),
  timeZone: z.string().default('UTC'),
  /** The language every session starts in; the patient can pick another on the first screen. */
  defaultLanguage: Language.default('en'),
  /** Languages offered at this site, in the order shown. */
  languages: z
    .array(Language)
    .min(1)
    .default([...LANGUAGES]),
  pharmacistPhone: z.string().default(''),
  /** A patient who presses Help is told the pharmacist calls the health post within this. */
  helpCallbackMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** Offline window for lists and clock trust (prescription-token.md §4a). */
  offlineWindowDays: z.number().int().positive().default(7),
  restockMarginDays: z.number().int().nonnegative().default(90),
  requireSerial: z.boolean().default(false),
  formulary: z.record(z.string(), z.array(z.string().regex(/^\d{14}$/))).default({}),
  /**
   * The cabinet's allowed temperature band, °C (DESIGN §9). A reading outside it is an excursion;
   * the default is ambient storage ("store at 15–25 °C").
   */
  temperatureBandC: z
    .strictObject({ min: z.number().min(-40).max(60), max: z.number().min(-40).max(60) })
    .refine((band) => band.min < band.max, 'temperatureBandC.min must be below max')
    .default({ min: 15, max: 25 }),
  /**
   * GTINs of cold-chain medicines: after an excursion, slots holding them are blocked from
   * dispensing until a pharmacist releases them (a signed `release` download).
   */
  coldChainGtins: z
    .array(z.string().regex(/^\d{14}$/))
    .max(1000)
    .default([]),
  /** Idle timeout of a patient session, seconds. */
  idleTimeoutSeconds: z.number().int().min(10).max(600).default(60),
});
export type SiteConfig = z.infer<typeof SiteConfig>;
