import type { z } from 'zod';
import { HubError } from '../../contracts/hub-api';

/**
 * The console's one way to the hub: same-origin JSON requests that carry the HttpOnly session
 * cookie. Every answer is checked with the API's zod schema; a refusal comes back as the hub's
 * own message so the pharmacist reads why, in words.
 */

export type ApiResult<T> =
  { ok: true; value: T } | { ok: false; status: number; code: string; message: string };

/** Called on any 401, so an expired session returns the pharmacist to the login page. */
let onUnauthorized: () => void = () => undefined;
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

async function call<T>(
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  schema: z.ZodType<T> | null,
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch {
    return {
      ok: false,
      status: 0,
      code: 'network',
      message: 'The hub cannot be reached. Check the connection and try again.',
    };
  }
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = HubError.safeParse(json);
    if (response.status === 401 && !path.endsWith('/login')) onUnauthorized();
    return error.success
      ? { ok: false, status: response.status, code: error.data.error, message: error.data.message }
      : {
          ok: false,
          status: response.status,
          code: 'unknown',
          message: `The hub answered ${response.status}.`,
        };
  }
  if (schema === null) return { ok: true, value: undefined as T };
  const parsed = schema.safeParse(json);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : {
        ok: false,
        status: response.status,
        code: 'bad_answer',
        message: 'The hub sent an answer this console does not understand. Reload the page.',
      };
}

export const getJson = <T>(path: string, schema: z.ZodType<T>): Promise<ApiResult<T>> =>
  call('GET', path, undefined, schema);

export const postJson = <T>(
  path: string,
  body: unknown,
  schema: z.ZodType<T> | null,
): Promise<ApiResult<T>> => call('POST', path, body, schema);
