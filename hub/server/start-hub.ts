import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../contracts/clock';
import { openHubDatabase } from '../db/open-hub-database';
import type { HubDatabase } from '../db/hub-database';
import { buildHubApp } from './app';
import { createDownloadsStore, type DownloadsStore } from './downloads-store';
import { loadOrCreateHubKeys, type HubKeys } from './hub-keys';
import { ensureFleetDownloads, ensureSiteDownloads } from './initial-downloads';
import { newLocalControlToken, removeLocalControl, writeLocalControl } from './local-control';
import { REFRESH_EVERY_MS, refreshExpiringDownloads } from './refresh-downloads';

/**
 * Everything `npm run hub` does before it serves, in one place so the tests, the bench and the
 * CLI start the very same hub: keys, storage and migrations, the first signed downloads, the app.
 */
export interface StartHubOptions {
  /** Keys (and the PGlite files, unless `databaseUrl` is given) live here. */
  dataDir: string;
  /** PostgreSQL instead of PGlite (DATABASE_URL). */
  databaseUrl?: string;
  /** PGlite in memory instead of `<dataDir>/pglite` (tests, the bench). Default false. */
  inMemory?: boolean;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8440; 0 picks a free port. */
  port?: number;
  /** The issuer URL of the hub's prescription key in the trust list. */
  issuerUrl?: string;
  clock?: Clock;
  logger: Logger;
  /** More routes on the same server, registered before it listens (the pharmacist console). */
  plugins?: ReadonlyArray<(app: FastifyInstance) => Promise<void> | void>;
  /** Default true; false builds the app without listening (app.inject in tests). */
  listen?: boolean;
  /**
   * Serve operator commands from a second process (`npm run hub -- enroll-code`) through
   * `<dataDir>/hub-control.json` (local-control.ts). Default false; the CLI turns it on.
   */
  localControl?: boolean;
}

export interface RunningHub {
  app: FastifyInstance;
  /** Base URL, e.g. http://127.0.0.1:8440 (empty when not listening). */
  url: string;
  db: HubDatabase;
  keys: HubKeys;
  downloads: DownloadsStore;
  close(): Promise<void>;
}

export async function startHub(options: StartHubOptions): Promise<RunningHub> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const keys = await loadOrCreateHubKeys(options.dataDir, options.issuerUrl);
  if (!keys.ok) throw new Error(keys.error);
  const db = await openHubDatabase(
    options.databaseUrl !== undefined
      ? { databaseUrl: options.databaseUrl, logger }
      : { dataDir: options.inMemory ? null : options.dataDir, logger },
  );
  let refreshTimer: ReturnType<typeof setInterval> | undefined;
  try {
    const downloads = createDownloadsStore({ db, rootKey: keys.value.root.privateKey, clock });
    const issuer = { iss: keys.value.issuer.iss, jwk: keys.value.issuer.key.publicJwk };
    const published = await db.transaction(async (tx) => {
      const fleet = await ensureFleetDownloads(
        downloads,
        issuer,
        tx,
        keys.value.badgeIssuer.publicJwk,
      );
      const { rows } = await tx.query<{ site_id: string }>('SELECT site_id FROM sites');
      for (const site of rows)
        fleet.push(...(await ensureSiteDownloads(downloads, site.site_id, tx)));
      return fleet;
    });
    const refreshed = await refreshExpiringDownloads(downloads, db, clock.now());
    logger.info(
      {
        rootKid: keys.value.root.kid,
        published: published.map((d) => `${d.kind}@${d.scope}`),
        refreshed: refreshed.map((d) => `${d.kind}@${d.scope}`),
      },
      'hub keys and downloads ready',
    );

    const localControlToken =
      options.localControl && (options.listen ?? true) ? newLocalControlToken() : undefined;
    const app = buildHubApp({
      db,
      rootKey: keys.value.root,
      clock,
      logger,
      downloads,
      ...(localControlToken !== undefined && { localControlToken }),
    });
    for (const plugin of options.plugins ?? []) await app.register(async (scope) => plugin(scope));
    let url = '';
    if (options.listen ?? true) {
      url = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 8440 });
      if (localControlToken !== undefined) {
        await writeLocalControl(options.dataDir, {
          url: localUrl(app, options.host ?? '127.0.0.1', url),
          pid: process.pid,
          token: localControlToken,
        });
      }
    } else {
      await app.ready();
    }
    refreshTimer = setInterval(() => {
      refreshExpiringDownloads(downloads, db, clock.now()).catch((error: unknown) =>
        logger.error({ err: error }, 'refreshing signed downloads failed'),
      );
    }, REFRESH_EVERY_MS);
    refreshTimer.unref();
    return {
      app,
      url,
      db,
      keys: keys.value,
      downloads,
      async close() {
        clearInterval(refreshTimer);
        if (localControlToken !== undefined) {
          await removeLocalControl(options.dataDir, localControlToken).catch(() => undefined);
        }
        await app.close();
        await db.close();
      },
    };
  } catch (error) {
    clearInterval(refreshTimer);
    await db.close().catch(() => undefined);
    throw error;
  }
}

/** Where a second process on this machine reaches the hub: loopback, unless it listens elsewhere. */
function localUrl(app: FastifyInstance, host: string, listenUrl: string): string {
  if (!['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost'].includes(host)) return listenUrl;
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return `http://127.0.0.1:${port}`;
}
