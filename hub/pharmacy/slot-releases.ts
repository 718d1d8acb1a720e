import { z } from 'zod';
import { SlotReleasePayload, type SlotRelease } from '../../contracts/slot-release';
import type { Queryable } from '../db/hub-database';
import { kioskScope } from '../server/download-scopes';
import { refusal } from '../server/hub-errors';
import type { Published } from './console-api';
import { recordAudit } from './hub-audit';
import type { Actor, PharmacyDeps } from './pharmacy-deps';
import { publishedOrRefuse } from './published';
import type { BlockedSlot, ColdChainList, ReleaseSlotRequest } from './technicians-stock-api';

/**
 * Cold-chain slot releases (issue 9). After a temperature excursion a kiosk journals
 * COLD_CHAIN_EXCURSION and blocks its cold-chain slots (SLOT_BLOCKED naming that excursion's seq);
 * it journals SLOT_RELEASED when a release reaches it. The console lists each slot whose newest
 * block the kiosk has not yet released, with the excursion's reading; releasing one publishes the
 * next `release` download for scope `kiosk:<id>` (contracts/slot-release.ts SlotReleasePayload,
 * `opendispense-release+jws`) carrying every earlier release too, with its audit row.
 */

const iso = (value: Date | string | number): string => new Date(value).toISOString();

/** What the hub reads of the two kiosk events; their schemas are contracts/journal-events.ts. */
const BlockData = z.looseObject({
  slot: z.number().int(),
  excursionSeq: z.number().int(),
  gtins: z.array(z.string()).default([]),
});
const ExcursionData = z.looseObject({
  temperatureC: z.number(),
  minC: z.number(),
  maxC: z.number(),
});

interface BlockRow {
  kiosk_id: string;
  kiosk_name: string;
  seq: string | number;
  ts: string;
  data: unknown;
  excursion: unknown;
  excursion_ts: string | null;
  released_by: string | null;
  released_at: Date | string | null;
  release_version: string | number | null;
}

/**
 * Per kiosk and slot, the newest SLOT_BLOCKED that no later SLOT_RELEASED of the kiosk lifts (a
 * release lifts a block when it names the slot and an excursion at or after the block's).
 */
async function readBlocked(db: Queryable, kioskId?: string): Promise<BlockedSlot[]> {
  const { rows } = await db.query<BlockRow>(
    `SELECT * FROM (
       SELECT DISTINCT ON (b.kiosk_id, (b.data->>'slot')::int)
              b.kiosk_id, k.name AS kiosk_name, b.seq, b.ts, b.data,
              x.data AS excursion, x.ts AS excursion_ts,
              r.released_by, r.released_at, r.release_version
         FROM events b
         JOIN kiosks k ON k.kiosk_id = b.kiosk_id
         LEFT JOIN events x ON x.kiosk_id = b.kiosk_id AND x.type = 'COLD_CHAIN_EXCURSION'
                           AND x.seq = (b.data->>'excursionSeq')::bigint
         LEFT JOIN slot_releases r ON r.kiosk_id = b.kiosk_id
                                  AND r.slot = (b.data->>'slot')::int
                                  AND r.excursion_seq = (b.data->>'excursionSeq')::bigint
        WHERE b.type = 'SLOT_BLOCKED' AND ($1::text IS NULL OR b.kiosk_id = $1)
        ORDER BY b.kiosk_id, (b.data->>'slot')::int, b.seq DESC
     ) newest
     WHERE NOT EXISTS (
       SELECT 1 FROM events s
        WHERE s.kiosk_id = newest.kiosk_id AND s.type = 'SLOT_RELEASED' AND s.seq > newest.seq
          AND (s.data->>'slot')::int = (newest.data->>'slot')::int
          AND (s.data->>'excursionSeq')::bigint >= (newest.data->>'excursionSeq')::bigint)
     ORDER BY kiosk_name, kiosk_id, (data->>'slot')::int`,
    [kioskId ?? null],
  );
  const out: BlockedSlot[] = [];
  for (const row of rows) {
    const block = BlockData.safeParse(row.data);
    // Stored after the upload check against the event's schema; unreadable means a newer kiosk.
    if (!block.success) continue;
    const excursion = ExcursionData.safeParse(row.excursion);
    out.push({
      kioskId: row.kiosk_id,
      kioskName: row.kiosk_name,
      slot: block.data.slot,
      excursionSeq: block.data.excursionSeq,
      blockedSeq: Number(row.seq),
      blockedAt: row.ts,
      gtins: block.data.gtins,
      excursion:
        excursion.success && row.excursion_ts !== null
          ? {
              temperatureC: excursion.data.temperatureC,
              minC: excursion.data.minC,
              maxC: excursion.data.maxC,
              at: row.excursion_ts,
            }
          : null,
      release:
        row.released_by !== null && row.released_at !== null && row.release_version !== null
          ? {
              releasedBy: row.released_by,
              releasedAt: iso(row.released_at),
              version: Number(row.release_version),
            }
          : null,
    });
  }
  return out;
}

export async function listBlockedSlots(db: Queryable): Promise<ColdChainList> {
  return { blocked: await readBlocked(db) };
}

export async function releaseSlot(
  deps: PharmacyDeps,
  actor: Actor,
  request: ReleaseSlotRequest,
): Promise<Published> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const kiosk = await tx.query('SELECT 1 FROM kiosks WHERE kiosk_id = $1', [request.kioskId]);
    if (kiosk.rows.length === 0) throw refusal('not_found', `no kiosk "${request.kioskId}"`);
    const blocked = (await readBlocked(tx, request.kioskId)).find((b) => b.slot === request.slot);
    if (!blocked) {
      throw refusal(
        'bad_request',
        `slot ${request.slot} of kiosk "${request.kioskId}" is not blocked (or the kiosk already released it)`,
      );
    }
    if (blocked.excursionSeq !== request.excursionSeq) {
      throw refusal(
        'bad_request',
        `slot ${request.slot} is blocked for the excursion at event ${blocked.excursionSeq}, not ${request.excursionSeq}: review that one`,
      );
    }
    if (blocked.release !== null) {
      throw refusal(
        'bad_request',
        `slot ${request.slot} is already released (by ${blocked.release.releasedBy}); it opens at the kiosk's next sync`,
      );
    }
    const release: SlotRelease = {
      slot: request.slot,
      excursionSeq: request.excursionSeq,
      releasedBy: actor.username,
      releasedAt: now,
      note: request.note,
    };
    const published = publishedOrRefuse(
      await deps.downloads.publishIn(
        tx,
        'release',
        kioskScope(request.kioskId),
        (c) => {
          const previous = SlotReleasePayload.safeParse(c.previous);
          const payload = SlotReleasePayload.safeParse({
            version: c.version,
            issuedAt: c.issuedAt,
            expiresAt: c.expiresAt,
            releases: [...(previous.success ? previous.data.releases : []), release],
          });
          if (!payload.success)
            throw refusal(
              'bad_request',
              `the kiosk would refuse this release: ${payload.error.message}`,
            );
          return payload.data;
        },
        actor.username,
      ),
    );
    await tx.query(
      `INSERT INTO slot_releases
         (kiosk_id, slot, excursion_seq, released_by, released_at, note, release_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        request.kioskId,
        request.slot,
        request.excursionSeq,
        actor.username,
        new Date(now),
        request.note,
        published.version,
      ],
    );
    await recordAudit(tx, {
      username: actor.username,
      action: 'slot_released',
      detail: {
        kioskId: request.kioskId,
        slot: request.slot,
        excursionSeq: request.excursionSeq,
        note: request.note,
        releaseVersion: published.version,
      },
      at: now,
    });
    return published;
  });
}
