import type { Journal } from '../journal';
import type { EcPublicJwk } from '../keys/jwk-thumbprint';
import {
  installIncomingDocument,
  installSignedDocument,
  openSignedDocumentStore,
  type DocumentInstallRefusal,
  type OpenedSignedDocumentStore,
  type SignedDocumentStore,
} from '../sync/signed-document-store';
import { verifyRoster, type Roster } from './roster';

/**
 * The installed technician roster: `DATA_DIR/lists/roster.jws`, a signed document like the site
 * config and restock order (main/sync/signed-document-store.ts: verified against the root key,
 * never rolled back, written durably, LIST_INSTALLED {kind: 'roster'} journaled once durable).
 */

export const ROSTER_FILE = 'roster.jws';

export type RosterStore = SignedDocumentStore<Roster>;
export type RosterInstallRefusal = DocumentInstallRefusal;

/** Opens DATA_DIR/lists (normally) and loads the installed roster, if any. */
export function openRosterStore(options: {
  readonly dir: string;
  readonly rootPublicJwk: EcPublicJwk;
}): Promise<OpenedSignedDocumentStore<Roster>> {
  return openSignedDocumentStore({ kind: 'roster', verify: verifyRoster, ...options });
}

/** Verifies and stores a roster, then journals LIST_INSTALLED (only once the file is durable). */
export const installRoster = (journal: Pick<Journal, 'append'>, store: RosterStore, jws: string) =>
  installSignedDocument(journal, store, jws);

/** A roster dropped in DATA_DIR/incoming/ (a USB stick, `npm run tech -- install`). */
export const installIncomingRoster = (
  incomingDir: string,
  journal: Pick<Journal, 'append'>,
  store: RosterStore,
) => installIncomingDocument(incomingDir, journal, store);
