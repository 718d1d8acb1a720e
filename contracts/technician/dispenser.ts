import { z } from 'zod';

/**
 * The technician panel's dispenser tool (issue 9): what main shows (`DispenserToolView`, part of the
 * snapshot's technician view) and what the renderer may ask (`DispenserToolEvents`, each a `TECH_`
 * UiEvent). No patient data, no PIN, no token text.
 */
export const DispenserToolView = z.strictObject({});
export type DispenserToolView = z.infer<typeof DispenserToolView>;

export const DispenserToolEvents = [] as const;
