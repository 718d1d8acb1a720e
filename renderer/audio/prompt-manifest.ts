import { z } from 'zod';

/**
 * assets/audio/manifest.json: what scripts/make-prompts.ts made, so it can tell which prompts
 * are stale without re-synthesising them, and so the renderer build copies exactly these files.
 * Pure data and parsing; the script and the build plugin do the file I/O.
 */

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 1;

export const ManifestEntry = z.strictObject({
  /** Relative to the audio directory: `<language>/<prompt>.wav`. */
  file: z.string().regex(/^[a-z]{2}\/[a-z0-9_-]+\.wav$/),
  voice: z.string(),
  /** espeak-ng speed in words per minute. */
  speed: z.number().int().positive(),
  /** The words spoken, kept so a reviewer can read what each file says. */
  text: z.string(),
  /** SHA-256 of voice, speed and text: a change to any of them makes the file stale. */
  textHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** SHA-256 of the WAV as written, so a file replaced or damaged since is noticed too. */
  audioHash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ManifestEntry = z.infer<typeof ManifestEntry>;

export const PromptManifest = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  /** `espeak-ng --version` of the last run that made a file, for the record only. */
  engine: z.string(),
  /** Keyed by `<language>/<prompt>`. */
  prompts: z.record(z.string(), ManifestEntry),
});
export type PromptManifest = z.infer<typeof PromptManifest>;

/** The manifest in `text`, or null when it is absent, not JSON or not this format (all mean "make everything"). */
export function parseManifest(text: string | null): PromptManifest | null {
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = PromptManifest.safeParse(json);
  return parsed.success ? parsed.data : null;
}
