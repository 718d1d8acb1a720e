import type { Pack } from '../../../../contracts/journal-events';
import type {
  RestockEntryView,
  RestockSlotView,
  RestockToolEvent,
  RestockToolView,
  RestockVisitView,
} from '../../../../contracts/technician/restock';
import type { TechnicianIdentity } from '../../../../state-machines/diagnostics';
import { restockSlot } from '../../../inventory/restock';
import type { RecalledLot } from '../../../inventory/pack-eligibility';
import { localDate } from '../../../time/local-date';
import type { TechnicianTool, TechnicianToolContext } from '../technician-tool';
import { orderLines, trackOrderProgress } from './order-progress';
import { removalList, type RemovalRules } from './removal-list';
import { matchRemovalScan } from './removal-scan';

/**
 * The panel's restock tool (issue 9 item 6). A visit to one slot starts with a blind count
 * (SLOT_COUNTED, before anything in the slot changes and before the expected number is shown),
 * then each scan loads a pack through the one restock decision (restockSlot: RESTOCK or
 * RESTOCK_REFUSED) or, in removal mode, takes out a pack the guided removal list names
 * (PACK_REMOVED). The restock order's lines show what has been loaded since it came.
 */

const MAX_ENTRIES = 100;

interface Visit {
  slot: number;
  step: RestockVisitView['step'];
  count: RestockVisitView['count'];
  entries: RestockEntryView[];
  offList: Pack | null;
}

export function createRestockTool(
  context: TechnicianToolContext,
): TechnicianTool<RestockToolView, RestockToolEvent> {
  let visit: Visit | null = null;
  let notice: RestockToolView['notice'] = null;
  let busy = 0;
  /** Slots counted in this login: only their pack numbers are shown on the slot buttons. */
  const counted = new Set<number>();

  const progress = trackOrderProgress(context.journal, context.changed, (error) =>
    context.logger.error({ err: error }, 'restock tool: could not read the journal for the order'),
  );
  const unsubscribeOrder = context.restockOrder.onInstalled(() => context.changed());

  const slotMap = () => context.hardware.slots;
  const recalledLots = (): readonly RecalledLot[] =>
    context.lists.current('revocation')?.payload.lots ?? [];
  const today = () => localDate(context.clock.now(), context.site().timeZone);
  const rules = (): RemovalRules => ({
    recalledLots: recalledLots(),
    today: today(),
    restockMarginDays: context.site().restockMarginDays,
  });
  const packsIn = (slot: number) => context.inventory.state.slots[String(slot)] ?? [];
  const orderFor = (slot: number) =>
    context.restockOrder.current()?.payload.order?.lines.filter((l) => l.slot === slot) ?? [];

  const record = (at: Visit, entry: RestockEntryView) => {
    at.entries = [entry, ...at.entries].slice(0, MAX_ENTRIES);
  };

  /**
   * Runs journaled steps one at a time, each deciding on the view its predecessor left (two quick
   * removal scans of one pack must not both take it out). A journal that cannot be written stops
   * the kiosk (main/app.ts); here it is only logged.
   */
  let queue: Promise<void> = Promise.resolve();
  const journaled = (work: () => Promise<void>) => {
    busy += 1;
    context.changed();
    queue = queue
      .then(work)
      .catch((error: unknown) =>
        context.logger.error({ err: error }, 'restock tool: the journal could not be written'),
      )
      .finally(() => {
        busy -= 1;
        context.changed();
      });
  };

  function view(): RestockToolView {
    // The order's progress needs one read of the journal; start it once a technician looks.
    progress.load();
    const inventory = context.inventory.state;
    const removal = removalList(
      inventory,
      slotMap().map((s) => s.slot),
      rules(),
    );
    const order = orderLines(context.restockOrder.current()?.payload, progress.loaded());
    const slots: RestockSlotView[] = slotMap().map(({ slot, capacity }) => {
      const packs = packsIn(slot);
      const gtin = packs[0]?.gtin ?? inventory.slotGtins[String(slot)] ?? null;
      const listed = removal.filter((item) => item.slot === slot);
      const countOf = (reason: string) => listed.filter((item) => item.reason === reason).length;
      return {
        slot,
        capacity,
        gtin,
        medication:
          (gtin && order?.lines.find((l) => l.slot === slot && l.gtin === gtin)?.medication) ??
          null,
        packs: counted.has(slot) ? packs.length : null,
        toRemove: {
          expired: countOf('expired'),
          recalled: countOf('recalled'),
          expiring_soon: countOf('expiring_soon'),
        },
      };
    });
    return {
      slots,
      removal,
      visit: visit && {
        slot: visit.slot,
        step: visit.step,
        count: visit.count,
        entries: visit.entries,
        offList: visit.offList,
      },
      order,
      notice,
      busy: busy > 0,
    };
  }

  function chooseSlot(slot: number) {
    if (!slotMap().some((s) => s.slot === slot)) return;
    visit = { slot, step: 'count', count: null, entries: [], offList: null };
    notice = null;
    context.changed();
  }

  function count(countedPacks: number, who: TechnicianIdentity) {
    const at = visit;
    if (!at || at.step !== 'count' || busy > 0) return;
    // Expected: the packs the journal puts in the slot now. A pack in an open dispense intent
    // is not counted: it may have left, and the pharmacist's review has that intent already.
    const expected = packsIn(at.slot).length;
    journaled(async () => {
      await context.journal.append('SLOT_COUNTED', {
        technicianId: who.technicianId,
        slot: at.slot,
        expected,
        counted: countedPacks,
      });
      counted.add(at.slot);
      at.count = { expected, counted: countedPacks };
      // Bad packs out first (first expiry, first out), then new ones in.
      const listed = removalList(context.inventory.state, [at.slot], rules());
      at.step = listed.length > 0 ? 'remove' : 'load';
      notice = null;
    });
  }

  function load(at: Visit, scan: { text: string; aim: string | null }, who: TechnicianIdentity) {
    const site = context.site();
    const configured = slotMap().find((s) => s.slot === at.slot)?.gtins ?? [];
    const assigned = [...new Set([...configured, ...orderFor(at.slot).map((l) => l.gtin)])];
    journaled(async () => {
      const outcome = await restockSlot(context.journal, {
        slot: at.slot,
        scan,
        inventory: context.inventory,
        slotMap: slotMap(),
        // The hardware config's slot map and the pharmacist's restock order assign medicines to
        // a slot; a slot neither names takes any GTIN while empty (as `npm run restock` does).
        assignedGtins: assigned.length > 0 ? assigned : null,
        recalledLots: recalledLots(),
        today: today(),
        restockMarginDays: site.restockMarginDays,
        requireSerial: site.requireSerial,
        technicianId: who.technicianId,
      });
      if (outcome.ok) {
        record(at, { outcome: 'added', pack: outcome.value.pack, seq: outcome.value.seq });
      } else {
        const { reason, detail, gtin, lot, seq } = outcome.error;
        record(at, {
          outcome: 'refused',
          reason,
          detail,
          seq,
          ...(gtin === undefined ? {} : { gtin }),
          ...(lot === undefined ? {} : { lot }),
        });
      }
    });
  }

  function remove(at: Visit, scan: { text: string; aim: string | null }, who: TechnicianIdentity) {
    journaled(async () => removeNow(at, scan, who));
  }

  async function removeNow(
    at: Visit,
    scan: { text: string; aim: string | null },
    who: TechnicianIdentity,
  ) {
    const match = matchRemovalScan({
      ...rules(),
      slot: at.slot,
      scan,
      inventory: context.inventory.state,
      requireSerial: context.site().requireSerial,
    });
    if (!match.ok) {
      // Nothing is journaled: nothing left the slot. The screen says why.
      const { why, gtin, lot, pack } = match.error;
      record(at, {
        outcome: 'not_removed',
        why,
        ...(gtin === undefined ? {} : { gtin }),
        ...(lot === undefined ? {} : { lot }),
      });
      at.offList = pack ?? null;
      return;
    }
    at.offList = null;
    await takeOut(at, match.value.pack, match.value.reason, who);
  }

  async function takeOut(
    at: Visit,
    pack: Pack,
    reason: Extract<RestockEntryView, { outcome: 'removed' }>['reason'],
    who: TechnicianIdentity,
  ) {
    const event = await context.journal.append('PACK_REMOVED', {
      technicianId: who.technicianId,
      slot: at.slot,
      pack,
      reason,
    });
    record(at, { outcome: 'removed', pack, reason, seq: event.seq });
  }

  return {
    eventTypes: [
      'TECH_RESTOCK_CHOOSE_SLOT',
      'TECH_RESTOCK_COUNT',
      'TECH_RESTOCK_MODE',
      'TECH_RESTOCK_REMOVE_OFF_LIST',
      'TECH_RESTOCK_DONE',
    ],
    view,
    handle(event, who) {
      switch (event.type) {
        case 'TECH_RESTOCK_CHOOSE_SLOT':
          return chooseSlot(event.slot);
        case 'TECH_RESTOCK_COUNT':
          return count(event.counted, who);
        case 'TECH_RESTOCK_MODE':
          if (visit && visit.step !== 'count') {
            visit.step = event.mode;
            visit.offList = null;
            context.changed();
          }
          return;
        case 'TECH_RESTOCK_REMOVE_OFF_LIST': {
          const at = visit;
          if (!at || at.step !== 'remove' || !at.offList) return;
          const pack = at.offList;
          at.offList = null;
          return journaled(async () => {
            // Still in the slot? A scan before this press may have taken it out meanwhile.
            if (samePackIn(pack, packsIn(at.slot))) await takeOut(at, pack, event.reason, who);
          });
        }
        case 'TECH_RESTOCK_DONE':
          visit = null;
          notice = null;
          context.changed();
          return;
      }
    },
    scan(scan, who) {
      const at = visit;
      if (!at) notice = 'choose_slot';
      else if (at.step === 'count') notice = 'count_first';
      else {
        notice = null;
        if (at.step === 'load') load(at, scan, who);
        else remove(at, scan, who);
        return;
      }
      // Refused before any decision: nothing is journaled, nothing changes.
      context.changed();
    },
    reset() {
      visit = null;
      notice = null;
      counted.clear();
    },
    stop() {
      progress.stop();
      unsubscribeOrder();
    },
  };
}

function samePackIn(pack: Pack, packs: readonly Pack[]): boolean {
  return packs.some(
    (p) =>
      p.gtin === pack.gtin &&
      p.lot === pack.lot &&
      p.expiry === pack.expiry &&
      p.serial === pack.serial,
  );
}
