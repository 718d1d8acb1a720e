import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { err, ok, type Result } from '../../contracts/result';

/**
 * `DATA_DIR/admin.json` (DESIGN §2): where the running kiosk's admin endpoint listens and the
 * bearer token it accepts, readable by its owner only (0600). The kiosk writes it when the
 * endpoint is up and removes it when it stops; a file left by a killed kiosk is noticed by the
 * CLI (dead pid or refused connection) rather than trusted.
 */

export const ADMIN_ENDPOINT_FILE = 'admin.json';

export const AdminEndpoint = z.strictObject({
  url: z.string().regex(/^http:\/\/127\.0\.0\.1:[0-9]{1,5}$/, 'must be http://127.0.0.1:PORT'),
  token: z.string().regex(/^[A-Za-z0-9_-]{32,}$/),
  pid: z.number().int().positive(),
});
export type AdminEndpoint = z.infer<typeof AdminEndpoint>;

export function adminEndpointPath(dataDir: string): string {
  return path.join(dataDir, ADMIN_ENDPOINT_FILE);
}

/** Written whole (temp file created 0600, then renamed), so a reader never sees half a token. */
export async function writeAdminEndpoint(dataDir: string, endpoint: AdminEndpoint): Promise<void> {
  const file = adminEndpointPath(dataDir);
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.chmod(0o600); // an old temp file of another mode is reused by 'w'
    await handle.writeFile(`${JSON.stringify(endpoint)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}

/** Removes the file only if it still names this token (a newer kiosk may have replaced it). */
export async function removeAdminEndpoint(dataDir: string, token: string): Promise<void> {
  const read = await readAdminEndpoint(dataDir);
  if (read.ok && read.value.token === token)
    await unlink(adminEndpointPath(dataDir)).catch(() => undefined);
}

export type AdminEndpointProblem =
  | { readonly kind: 'missing' }
  | { readonly kind: 'unreadable'; readonly detail: string }
  /** The pid in the file is not running: a kiosk killed without stopping. */
  | { readonly kind: 'stale'; readonly pid: number };

export async function readAdminEndpoint(
  dataDir: string,
): Promise<Result<AdminEndpoint, AdminEndpointProblem>> {
  let text: string;
  try {
    text = await readFile(adminEndpointPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return err({ kind: 'missing' });
    return err({ kind: 'unreadable', detail: (error as Error).message });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return err({ kind: 'unreadable', detail: 'not JSON' });
  }
  const parsed = AdminEndpoint.safeParse(json);
  if (!parsed.success) return err({ kind: 'unreadable', detail: z.prettifyError(parsed.error) });
  if (!isAlive(parsed.data.pid)) return err({ kind: 'stale', pid: parsed.data.pid });
  return ok(parsed.data);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — alive, as the journal lock also counts it.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
