import { z } from 'zod';

/**
 * The technician panel's traffic tool (issue 9): what main shows (`TrafficToolView`, part of the
 * snapshot's technician view) and what the renderer may ask (`TrafficToolEvents`, each a `TECH_`
 * UiEvent). No patient data, no PIN, no token text.
 */
export const TrafficToolView = z.strictObject({});
export type TrafficToolView = z.infer<typeof TrafficToolView>;

export const TrafficToolEvents = [] as const;
