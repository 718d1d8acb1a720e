import type { PrinterStatusView } from '../../../../contracts/technician/printer';
import type { StatusLevel } from './StatusMark';

export type PrinterAspect = 'paper' | 'cover' | 'online' | 'error';

type Status = PrinterStatusView;
export type PrinterStatusText =
  | 'unknown'
  | `paperStates.${NonNullable<Status['paper']>}`
  | `coverStates.${NonNullable<Status['cover']>}`
  | `onlineStates.${'online' | 'offline'}`
  | `errors.${NonNullable<Status['error']> | 'none'}`;

export interface PrinterStatusRow {
  aspect: PrinterAspect;
  level: StatusLevel;
  /** The key of the row's words under `technician.tools.printer`. */
  text: PrinterStatusText;
}

/**
 * The printer's status as rows of the panel, each with a level (for the mark's shape and colour)
 * and its words: paper loaded / running low / out, cover closed / open, online / offline, and
 * the error in plain words. Until the printer answers, every row is "not known yet".
 */
export function printerStatusRows(status: PrinterStatusView): PrinterStatusRow[] {
  if (status.reach !== 'answering') {
    return (['paper', 'cover', 'online', 'error'] as const).map((aspect) => ({
      aspect,
      level: 'unknown',
      text: 'unknown',
    }));
  }
  const paper = status.paper ?? 'ok';
  const cover = status.cover ?? 'closed';
  const online = status.online ?? true;
  return [
    {
      aspect: 'paper',
      level: paper === 'ok' ? 'ok' : paper === 'near_end' ? 'warn' : 'bad',
      text: `paperStates.${paper}`,
    },
    { aspect: 'cover', level: cover === 'closed' ? 'ok' : 'bad', text: `coverStates.${cover}` },
    {
      aspect: 'online',
      level: online ? 'ok' : 'bad',
      text: `onlineStates.${online ? 'online' : 'offline'}`,
    },
    {
      aspect: 'error',
      level: status.error === null ? 'ok' : status.error === 'auto_recoverable' ? 'warn' : 'bad',
      text: `errors.${status.error ?? 'none'}`,
    },
  ];
}
