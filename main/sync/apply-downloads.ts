import type { Logger } from 'pino';
import type { DownloadKind, DownloadsRequest, SignedDownload } from '../../contracts/hub-api';
import type { Journal } from '../journal';
import type { ListStore } from '../prescriptions/list-store';
import { SIGNED_LIST_KINDS, type SignedListKind } from '../prescriptions/signed-list';
import { installList } from './incoming';
import {
  installSignedDocument,
  SIGNED_DOCUMENT_KINDS,
  type SignedDocumentKind,
  type SignedDocumentPayload,
  type SignedDocumentStore,
} from './signed-document-store';

/**
 * Applies what the hub sent (DESIGN §7 downloads). Signed lists (trust, revocation with recalled
 * lots, refill, lock) go through the same path as a USB stick's lists (incoming.ts installList);
 * signed documents (roster, site config, restock order, cold-chain releases) through their stores
 * (signed-document-store.ts). Both: verified against the root key, never a roll-back, written
 * atomically, journaled as LIST_INSTALLED. A kind with no store given is kept in memory, newest
 * version per kind; downloads are logged by kind and version only, never by content.
 */

/** The document stores the kiosk installs into, by kind. */
export type SignedDocumentStores = Partial<
  Record<SignedDocumentKind, SignedDocumentStore<SignedDocumentPayload>>
>;

export interface AppliedDownloads {
  installed: { kind: SignedListKind | SignedDocumentKind; version: number }[];
  /** Refused by the store (bad signature, roll-back…): the hub is sent the old version again. */
  refused: { kind: SignedListKind | SignedDocumentKind; version: number; detail: string }[];
  kept: { kind: DownloadKind; version: number }[];
}

/** The newest download of each kind that nothing installs yet. */
export class KeptDownloads {
  readonly #byKind = new Map<DownloadKind, SignedDownload>();

  keep(download: SignedDownload): boolean {
    const held = this.#byKind.get(download.kind);
    if (held && held.version >= download.version) return false;
    this.#byKind.set(download.kind, download);
    return true;
  }

  get(kind: DownloadKind): SignedDownload | undefined {
    return this.#byKind.get(kind);
  }

  all(): SignedDownload[] {
    return [...this.#byKind.values()];
  }
}

const isListKind = (kind: DownloadKind): kind is SignedListKind =>
  (SIGNED_LIST_KINDS as readonly string[]).includes(kind);
const isDocumentKind = (kind: DownloadKind): kind is SignedDocumentKind =>
  (SIGNED_DOCUMENT_KINDS as readonly string[]).includes(kind);

/** The versions to tell the hub we hold, so it sends only what is newer. */
export function heldVersions(
  lists: ListStore,
  kept: KeptDownloads,
  documents: SignedDocumentStores = {},
): DownloadsRequest['have'] {
  const have: DownloadsRequest['have'] = {};
  for (const kind of SIGNED_LIST_KINDS) {
    const version = lists.current(kind)?.payload.version;
    if (version !== undefined) have[kind] = version;
  }
  for (const download of kept.all()) have[download.kind] = download.version;
  for (const store of Object.values(documents)) {
    const version = store.current()?.payload.version;
    if (version !== undefined) have[store.kind] = version;
  }
  return have;
}

export async function applyDownloads(
  deps: {
    journal: Pick<Journal, 'append'>;
    lists: ListStore;
    kept: KeptDownloads;
    documents?: SignedDocumentStores;
    logger: Logger;
  },
  downloads: readonly SignedDownload[],
): Promise<AppliedDownloads> {
  const applied: AppliedDownloads = { installed: [], refused: [], kept: [] };
  // Only the newest of each kind: installing an older one first would journal a list that is
  // replaced a moment later.
  const newest = new Map<DownloadKind, SignedDownload>();
  for (const download of downloads) {
    const held = newest.get(download.kind);
    if (!held || download.version > held.version) newest.set(download.kind, download);
  }
  for (const download of newest.values()) {
    const { kind, version } = download;
    const documentStore = isDocumentKind(kind) ? deps.documents?.[kind] : undefined;
    if (documentStore) {
      const held = documentStore.current()?.payload.version;
      if (held !== undefined && held >= version) continue;
      const result = await installSignedDocument(deps.journal, documentStore, download.jws);
      if (result.ok) {
        applied.installed.push({ kind, version });
        deps.logger.info({ kind, version }, 'signed document installed from the hub');
      } else {
        applied.refused.push({ kind, version, detail: result.error.detail });
        deps.logger.warn({ kind, version, why: result.error.detail }, 'signed document refused');
      }
      continue;
    }
    if (!isListKind(kind)) {
      if (deps.kept.keep(download)) {
        applied.kept.push({ kind, version });
        deps.logger.info({ kind, version }, 'download kept: nothing installs this kind yet');
      }
      continue;
    }
    const held = deps.lists.current(kind)?.payload.version;
    if (held !== undefined && held >= version) continue;
    const refused = await installList(deps.journal, deps.lists, kind, download.jws);
    if (refused === null) {
      applied.installed.push({ kind, version });
      deps.logger.info({ kind, version }, 'signed list installed from the hub');
    } else {
      applied.refused.push({ kind, version, detail: refused });
      deps.logger.warn({ kind, version, why: refused }, 'signed list from the hub refused');
    }
  }
  return applied;
}
