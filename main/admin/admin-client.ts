import type { z } from 'zod';
import { err, ok, type Result } from '../../contracts/result';
import type { AdminEndpoint } from './admin-endpoint-file';

/**
 * The CLI side of the admin endpoint: one POST per operation, the answer validated with the
 * operation's response schema. Errors are values with a sentence a technician can act on.
 */

/** A bundle of a big journal on a slow stick takes minutes; a hung kiosk should not hang the CLI forever. */
export const ADMIN_REQUEST_TIMEOUT_MS = 10 * 60_000;

export type AdminCallError =
  | { readonly kind: 'unreachable'; readonly detail: string }
  | { readonly kind: 'refused'; readonly status: number; readonly detail: string }
  | { readonly kind: 'bad_answer'; readonly detail: string };

export async function callAdmin<S extends z.ZodType>(
  endpoint: Pick<AdminEndpoint, 'url' | 'token'>,
  operation: string,
  body: unknown,
  answer: S,
  timeoutMs: number = ADMIN_REQUEST_TIMEOUT_MS,
): Promise<Result<z.infer<S>, AdminCallError>> {
  let res: Response;
  try {
    res = await fetch(`${endpoint.url}/admin/${operation}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return err({ kind: 'unreachable', detail: cause ?? (error as Error).message });
  }
  const json = (await res.json().catch(() => undefined)) as unknown;
  if (!res.ok) {
    const detail = (json as { error?: unknown } | undefined)?.error;
    return err({
      kind: 'refused',
      status: res.status,
      detail: typeof detail === 'string' ? detail : `HTTP ${res.status}`,
    });
  }
  const parsed = answer.safeParse(json);
  if (!parsed.success)
    return err({ kind: 'bad_answer', detail: parsed.error.issues[0]?.message ?? 'invalid' });
  return ok(parsed.data);
}
