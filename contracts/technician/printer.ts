import { z } from 'zod';

/**
 * The technician panel's printer tool (issue 9): what main shows (`PrinterToolView`, part of the
 * snapshot's technician view) and what the renderer may ask (`PrinterToolEvents`, each a `TECH_`
 * UiEvent). No patient data, no PIN, no token text.
 */
export const PrinterToolView = z.strictObject({});
export type PrinterToolView = z.infer<typeof PrinterToolView>;

export const PrinterToolEvents = [] as const;
