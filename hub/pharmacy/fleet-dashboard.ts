import {
  emptyInventory,
  INVENTORY_EVENT_TYPES,
  reduceInventory,
  type InventoryState,
} from '../../main/inventory/inventory-state';
import type { Queryable } from '../db/hub-database';
import type {
  ExpiringLot,
  Fault,
  FleetDashboard,
  KioskDashboard,
  SlotStock,
  TemperaturePoint,
} from './console-api';
import { toJournalEvent, type EventRow } from './stored-event';

/**
 * The fleet dashboard (issue 7): per kiosk, stock per slot with the lots about to expire, recent
 * dispense faults, the cabinet temperature over the last days against its band, and how long ago
 * it last synced. Stock is the kiosk's own pure reducer (main/inventory) run over the events the
 * hub holds, so the hub and the kiosk can never disagree about what a slot holds.
 */

/** Lots expiring within this many days are highlighted (the restock margin's default). */
export const EXPIRING_DAYS = 90;
export const TEMPERATURE_DAYS = 7;
/** A chart needs no more points than it has pixels; min and max of each bucket keep excursions. */
const MAX_TEMPERATURE_POINTS = 400;
const FAULT_DAYS = 7;
const MAX_FAULTS = 20;
const DAY_MS = 86_400_000;

export interface DashboardOptions {
  readonly now: number;
  /** The cabinet's allowed band, °C. Default 2–8 (medicines stored cold). */
  readonly band?: { readonly minC: number; readonly maxC: number };
  /** The kiosks' offline window (days), drawn as the limit on the sync chart. Default 7. */
  readonly offlineWindowDays?: number;
}

interface KioskRow {
  kiosk_id: string;
  name: string;
  site_id: string;
  status: string;
  status_reason: string | null;
  last_seq: string | number;
  last_sync_at: Date | string | null;
}

const daysBetween = (fromIsoDate: string, toIsoDate: string): number =>
  Math.round(
    (Date.parse(`${toIsoDate}T00:00:00Z`) - Date.parse(`${fromIsoDate}T00:00:00Z`)) / DAY_MS,
  );

function stockOf(
  state: InventoryState,
  today: string,
): { slots: SlotStock[]; expiringLots: ExpiringLot[] } {
  const slotNumbers = new Set(
    [...Object.keys(state.slots), ...Object.keys(state.slotGtins)].map(Number),
  );
  const slots: SlotStock[] = [];
  const lots = new Map<string, ExpiringLot>();
  for (const slot of [...slotNumbers].sort((a, b) => a - b)) {
    const packs = state.slots[String(slot)] ?? [];
    let expiring = 0;
    for (const pack of packs) {
      const daysLeft = daysBetween(today, pack.expiry);
      if (daysLeft > EXPIRING_DAYS) continue;
      expiring += 1;
      const key = `${slot}\u0000${pack.gtin}\u0000${pack.lot}\u0000${pack.expiry}`;
      const lot = lots.get(key);
      if (lot) lot.packs += 1;
      else
        lots.set(key, {
          slot,
          gtin: pack.gtin,
          lot: pack.lot,
          expiry: pack.expiry,
          packs: 1,
          daysLeft,
        });
    }
    slots.push({
      slot,
      gtin: state.slotGtins[String(slot)] ?? packs[0]?.gtin ?? null,
      packs: packs.length,
      expiring,
    });
  }
  return { slots, expiringLots: [...lots.values()].sort((a, b) => a.daysLeft - b.daysLeft) };
}

/** Keeps the lowest and highest reading of each bucket, in time order, so no excursion disappears. */
export function downsampleTemperature(
  points: TemperaturePoint[],
  max = MAX_TEMPERATURE_POINTS,
): TemperaturePoint[] {
  if (points.length <= max) return points;
  const buckets = Math.floor(max / 2);
  const size = points.length / buckets;
  const out: TemperaturePoint[] = [];
  for (let b = 0; b < buckets; b++) {
    const bucket = points.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    if (bucket.length === 0) continue;
    let lo = 0;
    let hi = 0;
    bucket.forEach((p, i) => {
      if (p.c < (bucket[lo] as TemperaturePoint).c) lo = i;
      if (p.c > (bucket[hi] as TemperaturePoint).c) hi = i;
    });
    for (const i of lo === hi ? [lo] : [Math.min(lo, hi), Math.max(lo, hi)])
      out.push(bucket[i] as TemperaturePoint);
  }
  return out;
}

async function dashboardOf(
  db: Queryable,
  kiosk: KioskRow,
  locked: boolean,
  options: DashboardOptions,
): Promise<KioskDashboard> {
  const { now } = options;
  const band = options.band ?? { minC: 2, maxC: 8 };
  const today = new Date(now).toISOString().slice(0, 10);

  const stockEvents = await db.query<EventRow>(
    `SELECT kiosk_id, seq, id, ts, type, data, prev, hash FROM events
      WHERE kiosk_id = $1 AND type = ANY($2::text[]) ORDER BY seq`,
    [kiosk.kiosk_id, [...INVENTORY_EVENT_TYPES]],
  );
  let state = emptyInventory();
  for (const row of stockEvents.rows) {
    const event = toJournalEvent(row);
    if (event) state = reduceInventory(state, event);
  }

  // Recent failures, each with the slot of its intent.
  const faultSince = new Date(now - FAULT_DAYS * DAY_MS).toISOString();
  const faults = await db.query<{
    seq: string | number;
    ts: string;
    data: Record<string, unknown>;
    slot: unknown;
  }>(
    `SELECT r.seq, r.ts, r.data, i.data->'slot' AS slot
       FROM events r
       LEFT JOIN events i ON i.kiosk_id = r.kiosk_id AND i.seq = (r.data->>'intentSeq')::bigint
      WHERE r.kiosk_id = $1 AND r.type = 'DISPENSE_RESULT' AND r.data->>'outcome' <> 'SUCCESS'
        AND r.ts >= $2
      ORDER BY r.seq DESC LIMIT $3`,
    [kiosk.kiosk_id, faultSince, MAX_FAULTS],
  );

  const temperatureSince = new Date(now - TEMPERATURE_DAYS * DAY_MS).toISOString();
  const readings = await db.query<{ ts: string; c: unknown }>(
    `SELECT ts, data->'temperatureC' AS c FROM events
      WHERE kiosk_id = $1 AND type = 'CABINET_READING' AND ts >= $2 ORDER BY seq`,
    [kiosk.kiosk_id, temperatureSince],
  );
  const points = readings.rows
    .map((r) => ({ at: r.ts, c: typeof r.c === 'number' ? r.c : Number.NaN }))
    .filter((p) => Number.isFinite(p.c));

  const last = await db.query<{ ts: string }>(
    'SELECT ts FROM events WHERE kiosk_id = $1 ORDER BY seq DESC LIMIT 1',
    [kiosk.kiosk_id],
  );

  const status = kiosk.status === 'active' && locked ? 'locked' : kiosk.status;
  const lastSyncAt = kiosk.last_sync_at ? new Date(kiosk.last_sync_at) : null;
  return {
    kioskId: kiosk.kiosk_id,
    name: kiosk.name,
    siteId: kiosk.site_id,
    status:
      (['active', 'flagged', 'revoked', 'locked'] as const).find((s) => s === status) ?? 'flagged',
    statusReason: kiosk.status_reason,
    lastSeq: Number(kiosk.last_seq),
    lastSyncAt: lastSyncAt?.toISOString() ?? null,
    sinceSyncMs: lastSyncAt ? Math.max(0, now - lastSyncAt.getTime()) : null,
    lastEventAt: last.rows[0]?.ts ?? null,
    ...stockOf(state, today),
    faults: faults.rows.map((r): Fault => ({
      seq: Number(r.seq),
      at: r.ts,
      outcome: String(r.data.outcome),
      slot: typeof r.slot === 'number' ? r.slot : null,
      detail: typeof r.data.detail === 'string' ? r.data.detail : '',
    })),
    uncertainDispenses: state.uncertain.length,
    temperature: {
      minC: band.minC,
      maxC: band.maxC,
      points: downsampleTemperature(points),
      excursions: points.filter((p) => p.c < band.minC || p.c > band.maxC).length,
    },
  };
}

/**
 * Every kiosk's dashboard. `lockedKiosks` says which kiosks a pharmacist has locked (the latest
 * lock download of each).
 */
export async function readFleetDashboard(
  db: Queryable,
  lockedKiosks: ReadonlySet<string>,
  options: DashboardOptions,
): Promise<FleetDashboard> {
  const kiosks = await db.query<KioskRow>(
    `SELECT kiosk_id, name, site_id, status, status_reason, last_seq, last_sync_at
       FROM kiosks ORDER BY site_id, name, kiosk_id`,
  );
  const out: KioskDashboard[] = [];
  for (const kiosk of kiosks.rows)
    out.push(await dashboardOf(db, kiosk, lockedKiosks.has(kiosk.kiosk_id), options));
  return {
    generatedAt: new Date(options.now).toISOString(),
    expiringDays: EXPIRING_DAYS,
    temperatureDays: TEMPERATURE_DAYS,
    offlineWindowDays: options.offlineWindowDays ?? 7,
    kiosks: out,
  };
}
