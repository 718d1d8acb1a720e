import { z } from 'zod';

/**
 * The technician panel's restock tool (issue 9): what main shows (`RestockToolView`, part of the
 * snapshot's technician view) and what the renderer may ask (`RestockToolEvents`, each a `TECH_`
 * UiEvent). No patient data, no PIN, no token text.
 */
export const RestockToolView = z.strictObject({});
export type RestockToolView = z.infer<typeof RestockToolView>;

export const RestockToolEvents = [] as const;
