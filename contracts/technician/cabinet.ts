import { z } from 'zod';

/**
 * The technician panel's cabinet tool (issue 9): what main shows (`CabinetToolView`, part of the
 * snapshot's technician view) and what the renderer may ask (`CabinetToolEvents`, each a `TECH_`
 * UiEvent). No patient data, no PIN, no token text.
 */
export const CabinetToolView = z.strictObject({});
export type CabinetToolView = z.infer<typeof CabinetToolView>;

export const CabinetToolEvents = [] as const;
