import type { KeyObject } from 'node:crypto';
import { DOWNLOAD_KIND_ORDER } from './download-scopes';
import type { DownloadKind, SignedDownload } from '../../contracts/hub-api';
import { DownloadKind as DownloadKindSchema } from '../../contracts/hub-api';
import type { Clock } from '../../contracts/clock';
import { err, ok, type Result } from '../../contracts/result';
import {
  decodeSignedList,
  parseSignedListPayload,
  signSignedList,
  type SignedListKind,
  type SignedListPayload,
} from '../../main/prescriptions/signed-list';
import { parseStrictJsonBytes } from '../../main/prescriptions/strict-json';
import type { HubDatabase, Queryable } from '../db/hub-database';
import { parseDownloadScope, type DownloadScope } from './download-scopes';
import { EnvelopePayload, signEnvelope, type EnvelopeKind } from './signed-envelope';

/**
 * The hub's signed downloads (prescription-token.md §4a, table `downloads`): each publish signs the
 * next version of one kind for one scope with the root key and stores it in the same transaction
 * that read the previous one, so two pharmacists publishing at once cannot both make version N.
 * Versions of a kind rise across all its scopes, because a kiosk takes, per kind, the highest
 * version among its scopes (fleet, its site, itself) and refuses any version below what it holds.
 */

/** Lists are valid well beyond the offline window; the hub re-signs them before they lapse. */
export const DOWNLOAD_VALIDITY_S = 30 * 86_400;

const SIGNED_LIST_KINDS_SET = new Set<DownloadKind>(['trust', 'revocation', 'refill']);

export type DownloadPayload<K extends DownloadKind> = K extends SignedListKind
  ? SignedListPayload<K>
  : EnvelopePayload;

export interface PublishContext<K extends DownloadKind> {
  /** The latest payload of this kind for this scope, or undefined for the first. */
  previous: DownloadPayload<K> | undefined;
  /** The version the payload must carry. */
  version: number;
  /** Epoch seconds: the suggested validity. */
  issuedAt: number;
  expiresAt: number;
}

export interface PublishedDownload extends SignedDownload {
  scope: DownloadScope;
}

export type PublishError =
  { code: 'bad_scope'; detail: string } | { code: 'invalid_payload'; detail: string };

export interface DownloadsStore {
  /**
   * Signs and stores the next version of `kind` for `scope`. `build` gets the previous payload
   * and the version to use (main/prescriptions/list-builders.ts builds lists from exactly these);
   * it runs inside the transaction, so it must be quick and must not touch the database.
   */
  publish<K extends DownloadKind>(
    kind: K,
    scope: DownloadScope,
    build: (context: PublishContext<K>) => DownloadPayload<K>,
    createdBy: string,
  ): Promise<Result<PublishedDownload, PublishError>>;
  /** The same inside a transaction the caller already holds (enrollment). */
  publishIn<K extends DownloadKind>(
    tx: Queryable,
    kind: K,
    scope: DownloadScope,
    build: (context: PublishContext<K>) => DownloadPayload<K>,
    createdBy: string,
  ): Promise<Result<PublishedDownload, PublishError>>;
  /** The latest payload of `kind` for `scope` (for the console and for building the next one). */
  latestPayload<K extends DownloadKind>(
    kind: K,
    scope: DownloadScope,
    db?: Queryable,
  ): Promise<DownloadPayload<K> | undefined>;
  /** Per kind, the highest version among `scopes`, when it is above `have[kind]`. */
  newerThan(
    db: Queryable,
    scopes: readonly DownloadScope[],
    have: Partial<Record<DownloadKind, number>>,
  ): Promise<SignedDownload[]>;
}

export function createDownloadsStore(deps: {
  db: HubDatabase;
  rootKey: KeyObject;
  clock: Pick<Clock, 'now'>;
}): DownloadsStore {
  const { db, rootKey, clock } = deps;

  const latestRow = async (
    q: Queryable,
    kind: DownloadKind,
    scope: string,
  ): Promise<{ version: number; jws: string } | undefined> => {
    const { rows } = await q.query<{ version: number; jws: string }>(
      `SELECT version, jws FROM downloads WHERE kind = $1 AND scope = $2
       ORDER BY version DESC LIMIT 1`,
      [kind, scope],
    );
    return rows[0];
  };

  const latestPayload = async <K extends DownloadKind>(
    kind: K,
    scope: DownloadScope,
    q: Queryable = db,
  ): Promise<DownloadPayload<K> | undefined> => {
    const row = await latestRow(q, kind, scope);
    if (row === undefined) return undefined;
    const payload = payloadOf(kind, row.jws);
    // The hub signed it after checking it against the same schema; failing here is a bug.
    if (!payload.ok)
      throw new Error(`stored ${kind} download for ${scope} is unreadable: ${payload.error}`);
    return payload.value;
  };

  const publishIn: DownloadsStore['publishIn'] = async (tx, kind, scope, build, createdBy) => {
    if (!DownloadKindSchema.safeParse(kind).success) {
      return err({ code: 'invalid_payload', detail: `unknown download kind "${String(kind)}"` });
    }
    const parsedScope = parseDownloadScope(scope);
    if (!parsedScope.ok) return err({ code: 'bad_scope', detail: parsedScope.error });
    // One publisher per kind at a time, across every hub instance on the same database.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('downloads:' || $1))`, [kind]);
    const { rows } = await tx.query<{ max: number | null }>(
      'SELECT max(version) AS max FROM downloads WHERE kind = $1',
      [kind],
    );
    const highest = rows[0]?.max ?? undefined;
    const issuedAt = Math.floor(clock.now() / 1000);
    const version = Math.max((highest ?? -1) + 1, issuedAt);
    const previous = await latestPayload(kind, scope, tx);
    const payload = build({
      previous,
      version,
      issuedAt,
      expiresAt: issuedAt + DOWNLOAD_VALIDITY_S,
    });
    if (payload.version !== version) {
      return err({
        code: 'invalid_payload',
        detail: `payload version ${payload.version} is not the version to publish (${version})`,
      });
    }
    const signed = signPayload(kind, payload, rootKey);
    if (!signed.ok) return err({ code: 'invalid_payload', detail: signed.error });
    await tx.query(
      `INSERT INTO downloads (kind, scope, version, jws, created_by) VALUES ($1, $2, $3, $4, $5)`,
      [kind, scope, version, signed.value, createdBy],
    );
    return ok({ kind, scope, version, jws: signed.value });
  };

  return {
    publishIn,
    publish: (kind, scope, build, createdBy) =>
      db.transaction((tx) => publishIn(tx, kind, scope, build, createdBy)),
    latestPayload,
    async newerThan(q, scopes, have) {
      const { rows } = await q.query<{ kind: DownloadKind; version: number; jws: string }>(
        `SELECT DISTINCT ON (kind) kind, version, jws FROM downloads
         WHERE scope = ANY($1::text[]) ORDER BY kind, version DESC`,
        [scopes],
      );
      return rows
        .filter((row) => row.version > (have[row.kind] ?? -1))
        .sort((a, b) => DOWNLOAD_KIND_ORDER.indexOf(a.kind) - DOWNLOAD_KIND_ORDER.indexOf(b.kind))
        .map(({ kind, version, jws }) => ({ kind, version, jws }));
    },
  };
}

function signPayload(
  kind: DownloadKind,
  payload: unknown,
  rootKey: KeyObject,
): Result<string, string> {
  if (SIGNED_LIST_KINDS_SET.has(kind)) {
    const signed = signSignedList(
      kind as SignedListKind,
      payload as SignedListPayload<SignedListKind>,
      rootKey,
    );
    return signed.ok ? signed : err(`${signed.error.code}: ${signed.error.detail}`);
  }
  return signEnvelope(kind as EnvelopeKind, payload as EnvelopePayload, rootKey);
}

/** Reads the payload of a JWS the hub signed itself (no signature check: it comes from our table). */
function payloadOf<K extends DownloadKind>(
  kind: K,
  jws: string,
): Result<DownloadPayload<K>, string> {
  const decoded = decodeSignedList(jws);
  if (!decoded.ok) return err(decoded.error.detail);
  const json = parseStrictJsonBytes(decoded.value.payloadBytes);
  if (!json.ok) return err('payload is not JSON');
  if (SIGNED_LIST_KINDS_SET.has(kind)) {
    const parsed = parseSignedListPayload(kind as SignedListKind, json.value);
    return parsed.ok ? ok(parsed.value as DownloadPayload<K>) : parsed;
  }
  const parsed = EnvelopePayload.safeParse(json.value);
  return parsed.success ? ok(parsed.data as DownloadPayload<K>) : err(parsed.error.message);
}
