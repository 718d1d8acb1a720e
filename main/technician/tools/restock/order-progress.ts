import type { JournalEvent } from '../../../../contracts/journal-events';
import type { RestockOrderPayload } from '../../../../contracts/restock-order';
import type { Journal } from '../../../journal';

/**
 * What has been loaded against the installed restock order.
 *
 * "Loaded" counts the packs of RESTOCK events for the line's slot + GTIN journaled after the
 * order's LIST_INSTALLED (kind `restock`), in this visit and earlier ones. Counting the packs now
 * in the slot instead would call a line done when the slot already held that many before the
 * order came, and would un-do it as patients are served; the order says how many packs to bring.
 *
 * The journal is read once, the first time a technician looks (not at kiosk start: a long
 * journal costs nothing until someone restocks), then kept current from appended events.
 */
export interface OrderProgress {
  /** Packs loaded per `${slot}:${gtin}` since the order; null until the first read is done. */
  loaded(): ReadonlyMap<string, number> | null;
  /** Starts the one journal read if it has not started. */
  load(): void;
  stop(): void;
}

export const orderKey = (slot: number, gtin: string) => `${slot}:${gtin}`;

export function trackOrderProgress(
  journal: Pick<Journal, 'events' | 'onAppended'>,
  onChange: () => void,
  onError: (error: unknown) => void,
): OrderProgress {
  let counts: Map<string, number> | null = null;
  let started = false;
  // Events appended while the first read runs wait here, so none is counted twice or missed.
  let pending: JournalEvent[] | null = null;
  let lastSeq = 0;

  /** True when the event changed the counts. */
  const apply = (map: Map<string, number>, event: JournalEvent): boolean => {
    if (event.seq <= lastSeq) return false;
    lastSeq = event.seq;
    if (event.type === 'LIST_INSTALLED' && event.data.kind === 'restock') {
      map.clear();
      return true;
    }
    if (event.type !== 'RESTOCK') return false;
    for (const pack of event.data.packs) {
      const key = orderKey(event.data.slot, pack.gtin);
      map.set(key, (map.get(key) ?? 0) + 1);
    }
    return true;
  };

  const unsubscribe = journal.onAppended((event) => {
    if (counts) {
      if (apply(counts, event)) onChange();
    } else if (pending) pending.push(event);
  });

  return {
    loaded: () => counts,
    load() {
      if (started) return;
      started = true;
      pending = [];
      void (async () => {
        const map = new Map<string, number>();
        // Every RESTOCK before the last restock LIST_INSTALLED is cleared when that event comes.
        // With no order ever installed the map holds everything, and no line asks for it.
        for await (const event of journal.events(1)) apply(map, event);
        for (const event of pending ?? []) apply(map, event);
        pending = null;
        counts = map;
        onChange();
      })().catch((error: unknown) => {
        started = false;
        pending = null;
        lastSeq = 0;
        onError(error);
      });
    },
    stop: unsubscribe,
  };
}

/** The order's lines with what was loaded and what is still missing. */
export function orderLines(
  payload: RestockOrderPayload | undefined,
  loaded: ReadonlyMap<string, number> | null,
) {
  const order = payload?.order;
  if (!order) return null;
  return {
    orderId: order.orderId,
    createdBy: order.createdBy,
    createdAt: order.createdAt,
    note: order.note,
    lines: order.lines.map((line) => {
      const done = loaded?.get(orderKey(line.slot, line.gtin)) ?? 0;
      return {
        slot: line.slot,
        gtin: line.gtin,
        medication: line.medication,
        ordered: line.packs,
        loaded: done,
        missing: Math.max(0, line.packs - done),
      };
    }),
  };
}
