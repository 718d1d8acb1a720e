import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { expect } from 'vitest';
import type { Clock } from '../../../contracts/clock';
import {
  DownloadsResponse,
  HUB_ROUTES,
  HubError,
  type HubErrorCode,
} from '../../../contracts/hub-api';
import { CONSOLE_ROUTES } from '../../../hub/pharmacy/console-api';
import { pharmacyConsole } from '../../../hub/pharmacy/pharmacy-console';
import { SESSION_COOKIE } from '../../../hub/pharmacy/session-cookie';
import { startHub, type RunningHub } from '../../../hub/server/start-hub';
import { postAsKiosk, type SeedKiosk } from '../hub-pharmacy-seed';
import {
  postgresUnavailableReason,
  startPostgresCluster,
  type PostgresCluster,
} from './postgres-cluster';

/**
 * The hub as `npm run hub` builds it (startHub + the pharmacist console plugin), not listening,
 * for the console API's integration tests, and the requests they make of it: as the console does
 * (JSON, a session cookie) and as a kiosk does (signed with its device key).
 */

export type HubBackend = 'pglite' | 'postgres';

/**
 * PGlite always; PostgreSQL too where the Debian `postgresql` package is installed (a cluster
 * the test starts). Says why when PostgreSQL is left out.
 */
export function hubBackends(suite: string): HubBackend[] {
  const reason = postgresUnavailableReason();
  if (reason !== null) console.log(`SKIPPED ${suite} on postgres: ${reason}`);
  return reason === null ? ['pglite', 'postgres'] : ['pglite'];
}

export interface PharmacyHubOptions {
  /** Names the temporary data directory. */
  name: string;
  /** Default 'pglite' (in memory). */
  backend?: HubBackend;
  issuerUrl: string;
  /** Default the system clock. */
  clock?: Clock;
  /** Default silent. */
  logger?: Logger;
}

export interface PharmacyHub {
  readonly hub: RunningHub;
  /** Closes the hub, stops its PostgreSQL cluster if any, and removes its data directory. */
  stop(): Promise<void>;
}

export async function startPharmacyHub(options: PharmacyHubOptions): Promise<PharmacyHub> {
  const { backend = 'pglite', issuerUrl } = options;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `${options.name}-${backend}-`));
  let cluster: PostgresCluster | undefined;
  try {
    if (backend === 'postgres') cluster = await startPostgresCluster();
    const hub = await startHub({
      dataDir,
      ...(cluster ? { databaseUrl: cluster.url } : { inMemory: true }),
      ...(options.clock && { clock: options.clock }),
      issuerUrl,
      logger: options.logger ?? pino({ level: 'silent' }),
      listen: false,
      plugins: [pharmacyConsole({ dataDir, issuerUrl })],
    });
    return {
      hub,
      async stop() {
        await hub.close();
        await cluster?.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await cluster?.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** A request as the console's pages send it: a JSON body (a string goes as it is) and headers. */
export function consoleRequest(
  hub: RunningHub,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return hub.app.inject({
    method,
    url,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && {
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  });
}

/** Signs a pharmacist in; the Cookie header value of their session. */
export async function consoleLogin(
  hub: RunningHub,
  username: string,
  password: string,
): Promise<string> {
  const response = await consoleRequest(hub, 'POST', CONSOLE_ROUTES.login, { username, password });
  expect(response.statusCode, response.body).toBe(200);
  const token = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(
    String(response.headers['set-cookie']),
  )?.[1];
  expect(token).toBeDefined();
  return `${SESSION_COOKIE}=${token}`;
}

/**
 * A refusal: the status, the code, a reason, and `snapshot()` (every table the request could
 * write) as `expectedAfter` says from the one before (by default: unchanged). The error.
 */
export async function expectRefusal<S>(
  snapshot: () => Promise<S>,
  request: () => Promise<{ statusCode: number; body: string; json(): unknown }>,
  status: number,
  code: HubErrorCode,
  expectedAfter: (before: S) => S = (before) => before,
): Promise<HubError> {
  const before = await snapshot();
  const response = await request();
  expect(response.statusCode, response.body).toBe(status);
  const error = HubError.parse(response.json());
  expect(error.error).toBe(code);
  expect(error.message.length).toBeGreaterThan(3);
  expect(await snapshot()).toEqual(expectedAfter(before));
  return error;
}

/** What a kiosk receives through the signed downloads endpoint, holding nothing yet. */
export async function kioskDownloads(
  hub: RunningHub,
  kiosk: SeedKiosk,
  at: Date,
): Promise<DownloadsResponse['downloads']> {
  const body = Buffer.from(JSON.stringify({ have: {} }));
  const response = await postAsKiosk(hub, kiosk, HUB_ROUTES.downloads(kiosk.kioskId), body, at);
  expect(response.statusCode, response.body).toBe(200);
  return DownloadsResponse.parse(response.json()).downloads;
}
