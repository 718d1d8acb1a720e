import { z } from 'zod';

/**
 * The technician panel's scanner tool (issue 9): what main shows (`ScannerToolView`, part of the
 * snapshot's technician view) and what the renderer may ask (`ScannerToolEvents`, each a `TECH_`
 * UiEvent). No patient data, no PIN, no token text.
 */
export const ScannerToolView = z.strictObject({});
export type ScannerToolView = z.infer<typeof ScannerToolView>;

export const ScannerToolEvents = [] as const;
