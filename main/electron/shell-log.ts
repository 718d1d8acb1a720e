/**
 * The shell logs through this pino-compatible subset, so tests can collect lines. Objects carry
 * ids and reasons only: never a UiEvent payload, a snapshot or anything a patient typed.
 */
export interface ShellLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}
