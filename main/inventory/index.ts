/** Journal-derived stock, which pack to give, and restock by scan (DESIGN §1, §5). */
export {
  InventoryStateSchema,
  emptyInventory,
  packMayHaveLeft,
  reduceInventory,
  type InventoryState,
} from './inventory-state';
export { addDays, lastsBeyond } from './expiry-rule';
export {
  ineligibility,
  isRecalled,
  type EligibilityRules,
  type Ineligibility,
  type RecalledLot,
} from './pack-eligibility';
export { eligibleFronts, pickPack, type PickRequest, type PickedPack } from './pick-pack';
export { explainNoPick, type NoPickReason } from './explain-no-pick';
export {
  planRestock,
  restockSlot,
  RESTOCK_REFUSAL_REASONS,
  type PlanRestockInput,
  type RestockJournal,
  type RestockOutcome,
  type RestockRefusal,
  type RestockRefusalReason,
  type RestockScan,
  type RestockSlotRequest,
  type SlotCapacity,
} from './restock';
export { scanFromArgument } from './restock-scan-text';
export { loadRecalledLots } from './recalled-lots-file';
export {
  RESTOCK_EXIT,
  RESTOCK_HELP,
  parseRestockArgs,
  type RestockLoad,
  type RestockOptions,
} from './restock-args';
export { runRestockCommand, type RestockCommandIo } from './restock-command';
