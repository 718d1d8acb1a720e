import type { DispenserToolView } from '../../../../contracts/technician/dispenser';
import type { TechnicianTool, TechnicianToolContext } from '../technician-tool';

/** The panel's dispenser tool (issue 9). */
export function createDispenserTool(
  _context: TechnicianToolContext,
): TechnicianTool<DispenserToolView, never> {
  return {
    eventTypes: [],
    view: () => ({}),
    handle: () => {},
  };
}
