import type {
  PrintProblem,
  PrinterStatusView,
  PrinterToolEvent,
  PrinterToolView,
  QueuedLabel,
} from '../../../../contracts/technician/printer';
import { PrinterToolEvents } from '../../../../contracts/technician/printer';
import type { PrintError } from '../../../../hardware/printer/driver';
import { encodeLabel } from '../../../../hardware/printer/label';
import { columnsForPaper } from '../../../../hardware/printer';
import type { ViewStore } from '../../../views';
import type { TechnicianIdentity } from '../../../../state-machines/diagnostics';
import type { TechnicianTool, TechnicianToolContext } from '../technician-tool';
import { dateTimeInZone } from '../../../labels/date-time-in-zone';
import { openLabelQueue, type LabelQueueState, type QueuedLabelEntry } from './label-queue';
import {
  NO_PRINTER_STATUS,
  UNKNOWN_PRINTER_STATUS,
  printProblemOf,
  printerStatusView,
  problemOfFailureReason,
} from './printer-status-view';
import { reprintContent } from './reprint-label';
import { encodeTestPage } from './test-page';

/**
 * The panel's printer tool (issue 9): the printer's status in words (paper, cover, online,
 * error), a test page, and the labels that failed in patients' sessions, reprinted one by one or
 * all at once. One printer job at a time. Each job is a TECH_ACTION naming the technician; a
 * reprinted label is also LABEL_PRINTED {reprint: true}, which takes it out of the queue. A
 * reprint that fails stays queued with its reason.
 */
export function createPrinterTool(
  context: TechnicianToolContext,
): TechnicianTool<PrinterToolView, PrinterToolEvent> {
  const printer = context.devices.printer;
  const paperWidthMm = context.hardware.printer?.paperWidthMm ?? null;
  let status: PrinterStatusView = printer ? UNKNOWN_PRINTER_STATUS : NO_PRINTER_STATUS;
  let job: PrinterToolView['job'] = 'idle';
  let testPage: PrinterToolView['testPage'] = null;
  let reprinted = 0;
  /** The reason of a reprint that failed, by labelId (it replaces the session's reason). */
  const reprintProblems = new Map<string, PrintProblem>();

  let queue: ViewStore<LabelQueueState> | null = null;
  const opening = openLabelQueue({
    dataDir: context.dataDir,
    journal: context.journal,
    logger: context.logger,
  }).then(
    (store) => {
      queue = store;
      context.changed();
      return store;
    },
    (error: unknown) => {
      context.logger.error({ err: String(error) }, 'printer tool: label queue did not open');
      return null;
    },
  );

  // Every status read (the label step's too) refreshes what the panel shows.
  const offStatus = printer?.onStatus((read) => {
    status = printerStatusView({ ok: true, value: read }, context.clock.now());
    context.changed();
  });

  const setJob = (next: PrinterToolView['job']): void => {
    job = next;
    context.changed();
  };

  async function check(): Promise<void> {
    if (!printer) {
      status = { ...NO_PRINTER_STATUS, checkedAt: context.clock.now() };
      return;
    }
    const read = await printer.status();
    status = printerStatusView(read, context.clock.now());
  }

  /** After a failed job: what the driver saw, or (without a status) what a fresh read says. */
  async function afterFailure(error: PrintError): Promise<void> {
    if (error.status)
      status = printerStatusView({ ok: true, value: error.status }, context.clock.now());
    else await check();
  }

  async function printTestPage(who: TechnicianIdentity): Promise<void> {
    const at = context.clock.now();
    let problem: PrintProblem | null = null;
    let detail = 'printed';
    if (!printer || paperWidthMm === null) {
      problem = 'no_printer';
      detail = 'failed: no label printer configured';
    } else {
      const site = context.site();
      const printed = await printer.print(
        encodeTestPage({
          kioskName: site.kioskName,
          kioskId: site.kioskId,
          printedAt: dateTimeInZone(at, site.timeZone),
          paperWidthMm,
        }),
      );
      if (printed.ok) {
        status = printerStatusView({ ok: true, value: printed.value.status }, context.clock.now());
      } else {
        problem = printProblemOf(printed.error);
        detail = `failed: ${printed.error.kind} ${printed.error.reason}`;
        await afterFailure(printed.error);
      }
    }
    testPage = { outcome: problem ? 'failed' : 'printed', problem, at };
    await context.journal.append('TECH_ACTION', {
      technicianId: who.technicianId,
      action: 'printer_test_page',
      detail,
    });
  }

  /** Prints one queued label; true when it printed. */
  async function reprintOne(entry: QueuedLabelEntry, who: TechnicianIdentity): Promise<boolean> {
    let problem: PrintProblem | null = null;
    let detail = `${entry.labelId} printed`;
    if (!printer || paperWidthMm === null) {
      problem = 'no_printer';
      detail = `${entry.labelId} failed: no label printer configured`;
    } else {
      const content = reprintContent(entry, context.site());
      const columns = columnsForPaper(paperWidthMm);
      const printed = await printer.print(encodeLabel(content, { columns }).bytes);
      if (printed.ok) {
        status = printerStatusView({ ok: true, value: printed.value.status }, context.clock.now());
      } else {
        problem = printProblemOf(printed.error);
        detail = `${entry.labelId} failed: ${printed.error.kind} ${printed.error.reason}`;
        await afterFailure(printed.error);
      }
    }
    await context.journal.append('TECH_ACTION', {
      technicianId: who.technicianId,
      action: 'label_reprint',
      detail,
    });
    if (problem) {
      reprintProblems.set(entry.labelId, problem);
      return false;
    }
    reprintProblems.delete(entry.labelId);
    reprinted++;
    // Takes the label out of the queue (the view store follows the journal).
    await context.journal.append('LABEL_PRINTED', {
      labelId: entry.labelId,
      jti: entry.jti,
      reprint: true,
    });
    return true;
  }

  async function reprint(labelId: string | null, who: TechnicianIdentity): Promise<void> {
    const store = queue ?? (await opening);
    if (!store) return;
    const wanted = store.state.labels.filter((l) => labelId === null || l.labelId === labelId);
    for (const entry of wanted) {
      const printed = await reprintOne(entry, who);
      context.changed();
      // The next would meet the same empty tray or open cover: stop and let the technician fix it.
      if (!printed) return;
    }
  }

  /** Runs one job at a time; a request while one runs is ignored (the buttons wait too). */
  function run(next: Exclude<PrinterToolView['job'], 'idle'>, work: () => Promise<void>): void {
    if (job !== 'idle') return;
    setJob(next);
    void work()
      .catch((error: unknown) =>
        context.logger.error({ err: String(error), job: next }, 'printer tool job failed'),
      )
      .finally(() => setJob('idle'));
  }

  function queuedLabels(): QueuedLabel[] {
    if (!queue) return [];
    return queue.state.labels.map((entry) => {
      const reprintProblem = reprintProblems.get(entry.labelId);
      return {
        labelId: entry.labelId,
        failedAt: entry.failedAt,
        medication: entry.label.medication,
        quantity: entry.label.quantity,
        problem: reprintProblem ?? problemOfFailureReason(entry.reason),
        reprintFailed: reprintProblem !== undefined,
      };
    });
  }

  return {
    eventTypes: PrinterToolEvents.map((e) => e.shape.type.value),
    view: () => ({
      status,
      paperWidthMm,
      job,
      testPage,
      queue: { ready: queue !== null, labels: queuedLabels() },
      reprinted,
    }),
    handle(event, who) {
      switch (event.type) {
        case 'TECH_PRINTER_CHECK':
          run('checking', check);
          return;
        case 'TECH_PRINTER_TEST_PAGE':
          run('test_page', () => printTestPage(who));
          return;
        case 'TECH_PRINTER_REPRINT':
          run('reprinting', () => reprint(event.labelId, who));
          return;
      }
    },
    reset() {
      testPage = null;
      reprinted = 0;
    },
    async stop() {
      offStatus?.();
      const store = queue ?? (await opening);
      await store?.close();
    },
  };
}
