import type { RestockToolView } from '../../../../contracts/technician/restock';
import type { TechnicianTool, TechnicianToolContext } from '../technician-tool';

/** The panel's restock tool (issue 9). */
export function createRestockTool(
  _context: TechnicianToolContext,
): TechnicianTool<RestockToolView, never> {
  return {
    eventTypes: [],
    view: () => ({}),
    handle: () => {},
  };
}
