import type { PrintProblem, PrinterStatusView } from '../../../../contracts/technician/printer';
import type { Result } from '../../../../contracts/result';
import type { PrintError, StatusError } from '../../../../hardware/printer/driver';
import type { PrinterStatus } from '../../../../hardware/printer/status';

/**
 * Pure mappings from what the printer driver says to what the printer tool shows: a status read
 * → paper, cover, online and error in the panel's words; a print error, or a LABEL_FAILED's
 * reason text, → one problem word.
 */

export const UNKNOWN_PRINTER_STATUS: PrinterStatusView = {
  reach: 'unknown',
  paper: null,
  cover: null,
  online: null,
  error: null,
  checkedAt: null,
};

export const NO_PRINTER_STATUS: PrinterStatusView = {
  ...UNKNOWN_PRINTER_STATUS,
  reach: 'not_configured',
};

/** A status read (DLE EOT 1–4) → the panel's status; a failed read says only why. */
export function printerStatusView(
  read: Result<PrinterStatus, Pick<StatusError, 'code'>>,
  at: number,
): PrinterStatusView {
  if (!read.ok) {
    return {
      ...UNKNOWN_PRINTER_STATUS,
      reach: read.error.code === 'UNREACHABLE' ? 'unreachable' : 'lost',
      checkedAt: at,
    };
  }
  const { paper, cover, online, error } = read.value;
  return { reach: 'answering', paper, cover, online, error: error ?? null, checkedAt: at };
}

/** Why a job did not print for sure, as one word. Uncertain jobs name the fault when known. */
export function printProblemOf(error: Pick<PrintError, 'kind' | 'reason'>): PrintProblem {
  const byReason = problemOfReasonCode(error.reason);
  if (byReason !== 'other') return byReason;
  return error.kind === 'PRINT_UNCERTAIN' ? 'uncertain' : 'other';
}

/**
 * A LABEL_FAILED `reason` (main/labels/print-label.ts writes `<kind> <reason>: <detail>`, or
 * "no label printer configured") → one word; anything else is `other`.
 */
export function problemOfFailureReason(reason: string): PrintProblem {
  if (/no label printer/i.test(reason)) return 'no_printer';
  const match = /^(REFUSED|PRINT_UNCERTAIN) ([A-Z_]+)\b/.exec(reason);
  if (!match) return 'other';
  return printProblemOf({
    kind: match[1] as PrintError['kind'],
    reason: match[2] as PrintError['reason'],
  });
}

function problemOfReasonCode(reason: string): PrintProblem {
  switch (reason) {
    case 'PAPER_OUT':
      return 'paper_out';
    case 'COVER_OPEN':
      return 'cover_open';
    case 'PRINTER_ERROR':
      return 'printer_error';
    case 'OFFLINE':
      return 'offline';
    case 'UNREACHABLE':
      return 'unreachable';
    case 'LOST':
    case 'NOT_OPEN':
      return 'lost';
    case 'BUSY':
      return 'busy';
    case 'NOT_IDLE':
    case 'WRITE_TIMEOUT':
      return 'uncertain';
    default:
      return 'other';
  }
}
