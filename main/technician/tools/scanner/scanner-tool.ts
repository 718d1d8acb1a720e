import {
  SCANNER_VIEW_SCANS,
  type ScannerScanView,
  type ScannerToolEvent,
  type ScannerToolView,
} from '../../../../contracts/technician/scanner';
import { localDate } from '../../../time/local-date';
import type { TechnicianTool, TechnicianToolContext } from '../technician-tool';
import { scanJournalDetail, scanView } from './scan-view';

/**
 * The panel's scanner test (issue 9 item 5, "scan anything"): each scan while the tab is open is
 * shown (symbology, text, GS1 breakdown; tokens and badges by kind and length only) and
 * journaled as a TECH_ACTION with its redacted summary. The last SCANNER_VIEW_SCANS are kept
 * until the technician leaves.
 */
export function createScannerTool(
  context: TechnicianToolContext,
): TechnicianTool<ScannerToolView, ScannerToolEvent> {
  let scans: ScannerScanView[] = [];
  let nextId = 1;

  return {
    eventTypes: ['TECH_SCANNER_CLEAR'],
    view: () => ({ scans }),
    handle(event) {
      switch (event.type) {
        case 'TECH_SCANNER_CLEAR':
          scans = [];
          context.changed();
          return;
      }
    },
    scan(scan, who) {
      const at = context.clock.now();
      const view = scanView(scan, nextId++, at, localDate(at, context.site().timeZone));
      scans = [view, ...scans].slice(0, SCANNER_VIEW_SCANS);
      context.changed();
      context.journal
        .append('TECH_ACTION', {
          technicianId: who.technicianId,
          action: 'scanner_test',
          detail: scanJournalDetail(scan, view),
        })
        .catch((error: unknown) =>
          context.logger.error({ err: error }, 'scanner test: journal append failed'),
        );
    },
    reset() {
      scans = [];
    },
  };
}
