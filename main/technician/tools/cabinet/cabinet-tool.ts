import type { CabinetToolView } from '../../../../contracts/technician/cabinet';
import type { TechnicianTool, TechnicianToolContext } from '../technician-tool';

/** The panel's cabinet tool (issue 9). */
export function createCabinetTool(
  _context: TechnicianToolContext,
): TechnicianTool<CabinetToolView, never> {
  return {
    eventTypes: [],
    view: () => ({}),
    handle: () => {},
  };
}
