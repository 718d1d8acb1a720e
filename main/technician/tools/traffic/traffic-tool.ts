import type { TrafficToolView } from '../../../../contracts/technician/traffic';
import type { TechnicianTool, TechnicianToolContext } from '../technician-tool';

/** The panel's traffic tool (issue 9). */
export function createTrafficTool(
  _context: TechnicianToolContext,
): TechnicianTool<TrafficToolView, never> {
  return {
    eventTypes: [],
    view: () => ({}),
    handle: () => {},
  };
}
