import { z } from 'zod';
import { SiteConfig } from './site-config';

/**
 * The site settings a pharmacist sets in the hub console for every kiosk of a site (DESIGN §9:
 * the signed site config takes precedence over the local site file, which takes precedence over
 * the built-in defaults). The ids come from enrollment and the kiosk's name from its own file, so
 * neither is here. Pure zod: the console's bundle imports it too.
 */
export const SiteSettings = SiteConfig.omit({ kioskId: true, siteId: true, kioskName: true });
export type SiteSettings = z.infer<typeof SiteSettings>;
export type SiteSettingsInput = z.input<typeof SiteSettings>;

/** The `opendispense-config+jws` payload (prescription-token.md §4a envelope). */
export const SiteConfigPayload = z.strictObject({
  version: z.number().int().nonnegative(),
  issuedAt: z.number().int().nonnegative(),
  expiresAt: z.number().int().nonnegative(),
  siteId: z.string().min(1).max(64),
  settings: SiteSettings,
});
export type SiteConfigPayload = z.infer<typeof SiteConfigPayload>;

/** The config in force: the local file's, with the hub's settings over it when there are any. */
export function effectiveSiteConfig(
  local: SiteConfig,
  fromHub: SiteConfigPayload | undefined,
): SiteConfig {
  if (!fromHub || fromHub.siteId !== local.siteId) return local;
  return { ...local, ...fromHub.settings };
}
