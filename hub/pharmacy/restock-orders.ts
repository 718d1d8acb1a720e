import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { RestockOrderPayload } from '../../contracts/restock-order';
import type { Queryable } from '../db/hub-database';
import { kioskScope } from '../server/download-scopes';
import { refusal } from '../server/hub-errors';
import type { Published } from './console-api';
import { recordAudit } from './hub-audit';
import type { Actor, PharmacyDeps } from './pharmacy-deps';
import { publishedOrRefuse } from './published';
import type {
  CreateRestockOrderRequest,
  RestockOrderList,
  WithdrawRestockOrderRequest,
} from './technicians-stock-api';

/**
 * Restock orders (issue 7): the pharmacist tells one kiosk's technician which packs to bring to
 * which slot. Each order (or its withdrawal, `order: null`) is the next `restock` download for
 * scope `kiosk:<id>` (contracts/restock-order.ts RestockOrderPayload, `opendispense-restock+jws`),
 * checked with the kiosk's own schema before it is signed, published in the same transaction as
 * its `restock_orders` row and its audit row.
 */

const iso = (value: Date | string | number): string => new Date(value).toISOString();

async function currentOrder(
  deps: Pick<PharmacyDeps, 'downloads'>,
  kioskId: string,
  db?: Queryable,
): Promise<{ payload: RestockOrderPayload } | undefined> {
  const latest = await deps.downloads.latestPayload('restock', kioskScope(kioskId), db);
  if (latest === undefined) return undefined;
  const parsed = RestockOrderPayload.safeParse(latest);
  // The hub checked it with this schema before signing it; failing here is a bug.
  if (!parsed.success) throw new Error(`stored restock order for ${kioskId} is unreadable`);
  return { payload: parsed.data };
}

export async function listRestockOrders(
  deps: Pick<PharmacyDeps, 'db' | 'downloads'>,
): Promise<RestockOrderList> {
  const kiosks = await deps.db.query<{ kiosk_id: string; name: string; site_id: string }>(
    `SELECT kiosk_id, name, site_id FROM kiosks WHERE status <> 'revoked' ORDER BY site_id, name`,
  );
  const out: RestockOrderList['kiosks'] = [];
  for (const k of kiosks.rows) {
    const current = await currentOrder(deps, k.kiosk_id);
    const order = current?.payload.order;
    out.push({
      kioskId: k.kiosk_id,
      kioskName: k.name,
      siteId: k.site_id,
      order: order
        ? {
            orderId: order.orderId,
            createdBy: order.createdBy,
            createdAt: iso(order.createdAt),
            note: order.note,
            lines: order.lines,
            version: current.payload.version,
          }
        : null,
    });
  }
  return { kiosks: out };
}

async function assertKiosk(tx: Queryable, kioskId: string): Promise<void> {
  const found = await tx.query<{ status: string }>(
    'SELECT status FROM kiosks WHERE kiosk_id = $1',
    [kioskId],
  );
  const status = found.rows[0]?.status;
  if (status === undefined) throw refusal('not_found', `no kiosk "${kioskId}"`);
  if (status === 'revoked') throw refusal('bad_request', `kiosk "${kioskId}" is revoked`);
}

function signable(payload: RestockOrderPayload): RestockOrderPayload {
  const checked = RestockOrderPayload.safeParse(payload);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw refusal(
      'bad_request',
      `the kiosk would refuse this order: ${issue?.path.join('.') || '(order)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return checked.data;
}

export async function publishRestockOrder(
  deps: PharmacyDeps,
  actor: Actor,
  request: z.output<typeof CreateRestockOrderRequest>,
): Promise<Published> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await assertKiosk(tx, request.kioskId);
    const orderId = randomUUID();
    const order = {
      orderId,
      createdAt: now,
      createdBy: actor.username,
      note: request.note,
      lines: request.lines,
    };
    const published = publishedOrRefuse(
      await deps.downloads.publishIn(
        tx,
        'restock',
        kioskScope(request.kioskId),
        (c) =>
          signable({ version: c.version, issuedAt: c.issuedAt, expiresAt: c.expiresAt, order }),
        actor.username,
      ),
    );
    await tx.query(
      `INSERT INTO restock_orders (order_id, kiosk_id, created_by, created_at, note, lines, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        orderId,
        request.kioskId,
        actor.username,
        new Date(now),
        request.note,
        JSON.stringify(request.lines),
        published.version,
      ],
    );
    await recordAudit(tx, {
      username: actor.username,
      action: 'restock_order_published',
      detail: {
        kioskId: request.kioskId,
        orderId,
        lines: request.lines.length,
        packs: request.lines.reduce((sum, l) => sum + l.packs, 0),
        restockVersion: published.version,
      },
      at: now,
    });
    return published;
  });
}

export async function withdrawRestockOrder(
  deps: PharmacyDeps,
  actor: Actor,
  request: WithdrawRestockOrderRequest,
): Promise<Published> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await assertKiosk(tx, request.kioskId);
    const current = await currentOrder(deps, request.kioskId, tx);
    const order = current?.payload.order;
    if (!order) throw refusal('bad_request', 'this kiosk has no restock order to withdraw');
    const published = publishedOrRefuse(
      await deps.downloads.publishIn(
        tx,
        'restock',
        kioskScope(request.kioskId),
        (c) =>
          signable({
            version: c.version,
            issuedAt: c.issuedAt,
            expiresAt: c.expiresAt,
            order: null,
          }),
        actor.username,
      ),
    );
    await tx.query(
      'UPDATE restock_orders SET withdrawn_by = $2, withdrawn_at = $3 WHERE order_id = $1',
      [order.orderId, actor.username, new Date(now)],
    );
    await recordAudit(tx, {
      username: actor.username,
      action: 'restock_order_withdrawn',
      detail: {
        kioskId: request.kioskId,
        orderId: order.orderId,
        reason: request.reason,
        restockVersion: published.version,
      },
      at: now,
    });
    return published;
  });
}
