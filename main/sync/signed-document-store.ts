import { mkdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../../contracts/result';
import type { Journal } from '../journal';
import type { EcPublicJwk } from '../keys/jwk-thumbprint';
import type { SignedListError } from '../prescriptions/signed-list';
import { writeDurably } from '../journal/write-durably';

/**
 * One installed signed download of a kind signed-list.ts does not hold (roster, site config,
 * restock order, cold-chain releases): `DATA_DIR/lists/<kind>.jws`, with the rules of every
 * signed list (prescription-token.md §4a) — installed only when it verifies against the root key
 * and its version is higher than the installed one (a replayed old document could bring back what
 * the hub withdrew), written tmp → fsync → rename → fsync directory, re-verified from disk at every
 * start. `installSignedDocument` journals LIST_INSTALLED after the file is durable.
 */

export const SIGNED_DOCUMENT_KINDS = ['roster', 'config', 'restock', 'release'] as const;
export type SignedDocumentKind = (typeof SIGNED_DOCUMENT_KINDS)[number];

/** What every signed download carries. */
export interface SignedDocumentPayload {
  readonly version: number;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

export interface InstalledDocument<T> {
  readonly jws: string;
  readonly payload: T;
}

export interface DocumentInstallRefusal {
  /** A SignedListError code, or `rollback` / `same_version` / `io`. */
  readonly code: string;
  readonly detail: string;
}

export interface SignedDocumentStore<T extends SignedDocumentPayload> {
  readonly kind: SignedDocumentKind;
  readonly file: string;
  current(): InstalledDocument<T> | undefined;
  /** Verifies and stores; the caller journals (installSignedDocument does both). One at a time. */
  install(jws: string): Promise<Result<T, DocumentInstallRefusal>>;
  /** Called after each install, with the new payload. Returns the unsubscribe. */
  onInstalled(listener: (payload: T) => void): () => void;
}

export interface OpenedSignedDocumentStore<T extends SignedDocumentPayload> {
  readonly store: SignedDocumentStore<T>;
  /** Why the document on disk was not loaded (it stays there for the technician), if it was not. */
  readonly problem: string | null;
}

export type VerifyDocument<T> = (
  jws: string,
  rootPublicJwk: EcPublicJwk,
) => Result<T, SignedListError>;

/** Opens `<dir>/<kind>.jws` (dir is normally DATA_DIR/lists) and loads it when it verifies. */
export async function openSignedDocumentStore<T extends SignedDocumentPayload>(options: {
  readonly kind: SignedDocumentKind;
  readonly dir: string;
  readonly rootPublicJwk: EcPublicJwk;
  readonly verify: VerifyDocument<T>;
}): Promise<OpenedSignedDocumentStore<T>> {
  const { kind } = options;
  const file = path.join(options.dir, `${kind}.jws`);
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  let installed: InstalledDocument<T> | undefined;
  let problem: string | null = null;
  const onDisk = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (onDisk !== undefined) {
    const verified = options.verify(onDisk, options.rootPublicJwk);
    if (verified.ok) installed = { jws: onDisk, payload: verified.value };
    else
      problem = `installed ${kind} does not verify: ${verified.error.code}: ${verified.error.detail}`;
  }
  const listeners = new Set<(payload: T) => void>();

  let queue: Promise<unknown> = Promise.resolve();
  const store: SignedDocumentStore<T> = {
    kind,
    file,
    current: () => installed,
    install(jws) {
      const run = queue.then(() => installNow(jws.trim()));
      queue = run.catch(() => undefined);
      return run;
    },
    onInstalled(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  async function installNow(jws: string): Promise<Result<T, DocumentInstallRefusal>> {
    const verified = options.verify(jws, options.rootPublicJwk);
    if (!verified.ok) {
      return err({ code: verified.error.code, detail: `${kind}: ${verified.error.detail}` });
    }
    const offered = verified.value;
    const held = installed?.payload;
    if (held && offered.version <= held.version) {
      const rollback = offered.version < held.version;
      return err({
        code: rollback ? 'rollback' : 'same_version',
        detail: rollback
          ? `${kind} version ${offered.version} is older than the installed version ${held.version} (roll-back refused)`
          : `${kind} version ${offered.version} is already installed`,
      });
    }
    try {
      await writeDurably(file, jws);
    } catch (error) {
      return err({ code: 'io', detail: `${kind}: ${(error as Error).message}` });
    }
    installed = { jws, payload: offered };
    for (const listener of listeners) listener(offered);
    return ok(offered);
  }

  return { store, problem };
}

/** Verifies and stores a document, then journals LIST_INSTALLED (only once the file is durable). */
export async function installSignedDocument<T extends SignedDocumentPayload>(
  journal: Pick<Journal, 'append'>,
  store: SignedDocumentStore<T>,
  jws: string,
): Promise<Result<T, DocumentInstallRefusal>> {
  const installed = await store.install(jws);
  if (!installed.ok) return installed;
  const { version, issuedAt, expiresAt } = installed.value;
  await journal.append('LIST_INSTALLED', { kind: store.kind, version, issuedAt, expiresAt });
  return installed;
}

/**
 * A document dropped in DATA_DIR/incoming/ (a technician's USB stick) is installed at start like
 * the other lists there: removed when installed, renamed `.refused` when not.
 */
export async function installIncomingDocument<T extends SignedDocumentPayload>(
  incomingDir: string,
  journal: Pick<Journal, 'append'>,
  store: SignedDocumentStore<T>,
): Promise<{ installed: boolean; refused: string | null }> {
  const file = path.join(incomingDir, `${store.kind}.jws`);
  let jws: string;
  try {
    jws = await readFile(file, 'utf8');
  } catch {
    return { installed: false, refused: null };
  }
  const result = await installSignedDocument(journal, store, jws);
  if (result.ok) {
    await unlink(file);
    return { installed: true, refused: null };
  }
  await rename(file, `${file}.refused`);
  return { installed: false, refused: result.error.detail };
}
