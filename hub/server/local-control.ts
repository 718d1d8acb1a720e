import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../contracts/clock';
import type { HubDatabase } from '../db/hub-database';
import { createEnrollmentCode, ensureSite } from './enrollment-codes';
import { refusal } from './hub-errors';

/**
 * Operator commands for a hub that is already running (`npm run hub -- enroll-code` in a second
 * terminal). PGlite belongs to one process, so a second process must not open the data directory:
 * instead the running hub writes `hub-control.json` (mode 0600: url, pid and a random token) and
 * serves these commands on loopback to whoever can read that file, i.e. the hub's own user.
 */

export const LOCAL_CONTROL_FILE = 'hub-control.json';
export const LOCAL_ROUTES = { enrollmentCodes: '/api/v1/local/enrollment-codes' } as const;

const LocalControl = z.strictObject({ url: z.string(), pid: z.number().int(), token: z.string() });
export type LocalControl = z.infer<typeof LocalControl>;

export const LocalEnrollmentCodeRequest = z.strictObject({
  siteId: z.string(),
  kioskName: z.string().min(1).max(80).optional(),
  ttlMs: z.number().int().positive(),
});
export const LocalEnrollmentCodeResponse = z.strictObject({
  code: z.string(),
  siteId: z.string(),
  expiresAt: z.string(),
  siteCreated: z.boolean(),
});

export function newLocalControlToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function writeLocalControl(dataDir: string, control: LocalControl): Promise<void> {
  const file = path.join(dataDir, LOCAL_CONTROL_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(control)}\n`, { mode: 0o600 });
  await rename(temp, file);
}

export async function removeLocalControl(dataDir: string, token: string): Promise<void> {
  // Only our own file: a second hub started on the same directory may have replaced it.
  const current = await readLocalControl(dataDir);
  if (current?.token === token) await rm(path.join(dataDir, LOCAL_CONTROL_FILE), { force: true });
}

/** The running hub for `dataDir`, or null when none (no file, or its process is gone). */
export async function readLiveLocalControl(dataDir: string): Promise<LocalControl | null> {
  const control = await readLocalControl(dataDir);
  if (control === null) return null;
  try {
    process.kill(control.pid, 0);
    return control;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; it is still running.
    return (error as { code?: string }).code === 'EPERM' ? control : null;
  }
}

async function readLocalControl(dataDir: string): Promise<LocalControl | null> {
  try {
    const parsed = LocalControl.safeParse(
      JSON.parse(await readFile(path.join(dataDir, LOCAL_CONTROL_FILE), 'utf8')),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Registers the local routes on the kiosk API's context (raw-bytes body parser). */
export function registerLocalControlRoutes(
  api: FastifyInstance,
  deps: { token: string; db: HubDatabase; clock: Pick<Clock, 'now'> },
  parseBody: <T>(raw: unknown, schema: z.ZodType<T>) => T,
): void {
  const expected = Buffer.from(`Bearer ${deps.token}`);
  api.post(LOCAL_ROUTES.enrollmentCodes, async (request, reply) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    const authorized = given.length === expected.length && timingSafeEqual(given, expected);
    const remote = request.socket.remoteAddress ?? '';
    const local = LOOPBACK.has(remote) || remote === request.socket.localAddress;
    if (!local || !authorized) {
      throw refusal(
        'unauthorized',
        'local commands need the token in hub-control.json, from this machine',
      );
    }
    const body = parseBody(request.body, LocalEnrollmentCodeRequest);
    const result = await deps.db.transaction(async (tx) => {
      const site = await ensureSite(tx, { siteId: body.siteId });
      if (!site.ok) throw refusal('bad_request', `siteId: ${site.error.detail}`);
      const code = await createEnrollmentCode(tx, {
        siteId: body.siteId,
        createdBy: 'cli',
        ttlMs: body.ttlMs,
        now: deps.clock.now(),
        ...(body.kioskName !== undefined && { kioskName: body.kioskName }),
      });
      if (!code.ok) throw refusal('bad_request', code.error.detail);
      return { ...code.value, siteCreated: site.value.created };
    });
    request.log.info(
      { siteId: result.siteId, siteCreated: result.siteCreated },
      'enrollment code created',
    );
    return reply.code(201).send({
      code: result.code,
      siteId: result.siteId,
      expiresAt: result.expiresAt.toISOString(),
      siteCreated: result.siteCreated,
    });
  });
}
