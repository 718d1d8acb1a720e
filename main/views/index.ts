/** Derived views: lowdb files rebuilt from the journal whenever they cannot be trusted (DESIGN §5). */
export {
  openViewStore,
  type ViewStore,
  type ViewStoreOptions,
  type ViewFile,
  type ViewOpened,
  type RebuildReason,
} from './view-store';
export {
  PowerSafeJsonFile,
  UnreadableViewFileError,
  type ViewFileRead,
} from './power-safe-json-file';
