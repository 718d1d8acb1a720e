import { z } from 'zod';

/**
 * The technician panel's vitals tool (issue 9): what main shows (`VitalsToolView`, part of the
 * snapshot's technician view) and what the renderer may ask (`VitalsToolEvents`, each a `TECH_`
 * UiEvent). No patient data, no PIN, no token text.
 */
export const VitalsToolView = z.strictObject({});
export type VitalsToolView = z.infer<typeof VitalsToolView>;

export const VitalsToolEvents = [] as const;
