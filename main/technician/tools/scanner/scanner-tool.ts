import type { ScannerToolView } from '../../../../contracts/technician/scanner';
import type { TechnicianTool, TechnicianToolContext } from '../technician-tool';

/** The panel's scanner tool (issue 9). */
export function createScannerTool(
  _context: TechnicianToolContext,
): TechnicianTool<ScannerToolView, never> {
  return {
    eventTypes: [],
    view: () => ({}),
    handle: () => {},
  };
}
