import path from 'node:path';
import { emptyInventory, reduceInventory } from '../inventory/inventory-state';
import { reducePatientCheckFailures } from '../prescriptions/patient-check-policy';
import { emptySyncLedger, reduceSyncLedger } from '../sync/sync-ledger';
import { emptyTechnicianLockout, reduceTechnicianLockout } from '../technician/technician-lockout';
import {
  LABEL_QUEUE_VIEW_FILE,
  emptyLabelQueue,
  reduceLabelQueue,
} from '../technician/tools/printer/label-queue';
import type { ViewToCheck } from './checks/view-consistency-check';

/**
 * The kiosk's derived views and their reducers, as main/app.ts opens them (DATA_DIR/views/…),
 * for the self-test's consistency check. A view added to the app is added here too.
 */
export const TECHNICIAN_LOCKOUT_VIEW_FILE = 'technician-lockout.json';

export function kioskViewsToCheck(dataDir: string): ViewToCheck[] {
  const file = (name: string) => path.join(dataDir, 'views', name);
  return [
    {
      name: 'inventory',
      file: file('inventory.json'),
      initial: emptyInventory,
      reduce: reduceInventory,
    },
    {
      name: 'patient checks',
      file: file('patient-checks.json'),
      initial: () => ({}),
      reduce: reducePatientCheckFailures,
    },
    { name: 'sync', file: file('sync.json'), initial: emptySyncLedger, reduce: reduceSyncLedger },
    {
      name: 'technician lockout',
      file: file(TECHNICIAN_LOCKOUT_VIEW_FILE),
      initial: emptyTechnicianLockout,
      reduce: reduceTechnicianLockout,
    },
    // The printer tool's reprint queue (opened by main/technician/tools/printer/printer-tool.ts).
    {
      name: 'label reprint queue',
      file: file(LABEL_QUEUE_VIEW_FILE),
      initial: emptyLabelQueue,
      reduce: reduceLabelQueue,
    },
  ];
}
