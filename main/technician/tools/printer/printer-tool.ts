import type { PrinterToolView } from '../../../../contracts/technician/printer';
import type { TechnicianTool, TechnicianToolContext } from '../technician-tool';

/** The panel's printer tool (issue 9). */
export function createPrinterTool(
  _context: TechnicianToolContext,
): TechnicianTool<PrinterToolView, never> {
  return {
    eventTypes: [],
    view: () => ({}),
    handle: () => {},
  };
}
