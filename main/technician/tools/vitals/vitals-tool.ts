import type { VitalsToolView } from '../../../../contracts/technician/vitals';
import type { TechnicianTool, TechnicianToolContext } from '../technician-tool';

/** The panel's vitals tool (issue 9). */
export function createVitalsTool(
  _context: TechnicianToolContext,
): TechnicianTool<VitalsToolView, never> {
  return {
    eventTypes: [],
    view: () => ({}),
    handle: () => {},
  };
}
