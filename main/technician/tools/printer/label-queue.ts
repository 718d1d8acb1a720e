import { join } from 'node:path';
import type { BaseLogger } from 'pino';
import { z } from 'zod';
import {
  JournalEventData,
  type JournalEvent,
  type JournalEventDataOf,
} from '../../../../contracts/journal-events';
import type { JournalReader } from '../../../journal/journal';
import { openViewStore, type ViewStore } from '../../../views';

/**
 * The labels waiting for a reprint (issue 9): every LABEL_FAILED whose labelId has no later
 * LABEL_PRINTED, in the order they failed. A small view reduced from the journal (DESIGN §5), so
 * the panel never has to read a large journal to show it; the file is only a cache.
 */

export type FailedLabel = JournalEventDataOf<'LABEL_FAILED'>;

export interface QueuedLabelEntry {
  labelId: string;
  /** Needed for LABEL_PRINTED; never shown on screen. */
  jti: string;
  /** The LABEL_FAILED event's time, epoch ms. */
  failedAt: number;
  reason: string;
  label: FailedLabel['label'];
}

export interface LabelQueueState {
  labels: QueuedLabelEntry[];
}

export const LabelQueueSchema: z.ZodType<LabelQueueState> = z.strictObject({
  labels: z.array(
    z.strictObject({
      labelId: z.string(),
      jti: z.string(),
      failedAt: z.number(),
      reason: z.string(),
      label: JournalEventData.LABEL_FAILED.shape.label,
    }),
  ),
});

export const LABEL_QUEUE_VIEW_FILE = 'label-queue.json';

export const emptyLabelQueue = (): LabelQueueState => ({ labels: [] });

/**
 * One journal event → the queue. A label that fails again (a reprint journaled as failed by
 * another path) moves to the end with its new reason; a LABEL_PRINTED, first print or reprint,
 * takes it out. Other events leave the state as it is (the same object).
 */
export function reduceLabelQueue(state: LabelQueueState, event: JournalEvent): LabelQueueState {
  if (event.type === 'LABEL_FAILED') {
    const { labelId, jti, reason, label } = event.data;
    const entry: QueuedLabelEntry = {
      labelId,
      jti,
      failedAt: Date.parse(event.ts),
      reason,
      label,
    };
    return { labels: [...state.labels.filter((l) => l.labelId !== labelId), entry] };
  }
  if (event.type === 'LABEL_PRINTED') {
    const { labelId } = event.data;
    if (!state.labels.some((l) => l.labelId === labelId)) return state;
    return { labels: state.labels.filter((l) => l.labelId !== labelId) };
  }
  return state;
}

/** Opens (or rebuilds) the queue under `<dataDir>/views/`; it then follows the journal live. */
export function openLabelQueue(options: {
  dataDir: string;
  journal: JournalReader;
  logger?: Pick<BaseLogger, 'info' | 'warn' | 'error'>;
}): Promise<ViewStore<LabelQueueState>> {
  return openViewStore<LabelQueueState>({
    file: join(options.dataDir, 'views', LABEL_QUEUE_VIEW_FILE),
    journal: options.journal,
    initial: emptyLabelQueue,
    reduce: reduceLabelQueue,
    schema: LabelQueueSchema,
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
