import { z } from 'zod';
import { CabinetToolEvents, CabinetToolView } from './technician/cabinet';
import { DispenserToolEvents, DispenserToolView } from './technician/dispenser';
import { PrinterToolEvents, PrinterToolView } from './technician/printer';
import { RestockToolEvents, RestockToolView } from './technician/restock';
import { ScannerToolEvents, ScannerToolView } from './technician/scanner';
import { TrafficToolEvents, TrafficToolView } from './technician/traffic';
import { VitalsToolEvents, VitalsToolView } from './technician/vitals';

/**
 * The tools of the technician panel (issue 9), one file each in contracts/technician/: their views
 * make up `TechnicianView.tools`, their events join the bridge's UiEvent. Main routes a tool's
 * events to that tool only while a technician is logged in (main/technician/tools/).
 */
export const TECHNICIAN_TOOL_IDS = [
  'traffic',
  'dispenser',
  'scanner',
  'vitals',
  'printer',
  'restock',
  'cabinet',
] as const;
export const TechnicianToolId = z.enum(TECHNICIAN_TOOL_IDS);
export type TechnicianToolId = z.infer<typeof TechnicianToolId>;

export const TechnicianToolsView = z.strictObject({
  /** The tool the technician has open; scans go to it. Null on the overview. */
  active: TechnicianToolId.nullable(),
  traffic: TrafficToolView,
  dispenser: DispenserToolView,
  scanner: ScannerToolView,
  vitals: VitalsToolView,
  printer: PrinterToolView,
  restock: RestockToolView,
  cabinet: CabinetToolView,
});
export type TechnicianToolsView = z.infer<typeof TechnicianToolsView>;

/** Opens a tool (or the overview, with null): scans then go to that tool. */
export const OpenToolEvent = z.strictObject({
  type: z.literal('TECH_OPEN_TOOL'),
  tool: TechnicianToolId.nullable(),
});

export const TECHNICIAN_TOOL_EVENTS = [
  OpenToolEvent,
  ...TrafficToolEvents,
  ...DispenserToolEvents,
  ...ScannerToolEvents,
  ...VitalsToolEvents,
  ...PrinterToolEvents,
  ...RestockToolEvents,
  ...CabinetToolEvents,
] as const;
