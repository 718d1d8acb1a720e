import type { z } from 'zod';
import type { Clock } from '../../contracts/clock';
import {
  DownloadsResponse,
  EnrollResponse,
  HUB_ROUTES,
  HubError,
  ResolveShortCodeResponse,
  UploadResponse,
  type DownloadsRequest,
  type EnrollRequest,
} from '../../contracts/hub-api';
import type { JournalEnvelope } from '../../contracts/journal-events';
import { err, ok, type Result } from '../../contracts/result';
import { signRequest } from './http-message-signature';

/**
 * The kiosk's side of the hub API (contracts/hub-api.ts): one signed POST per call (RFC 9421 with
 * the device key; enrollment alone is unsigned), every answer checked with the contract's zod
 * schema before anything reads it. Nothing throws: a dead link, a refusal and a malformed answer
 * are all values the sync machine can act on.
 */

export type HubCallError =
  /** No usable answer: refused/reset/closed connection, DNS, timeout, or a 5xx. */
  | { kind: 'network'; message: string }
  /** The hub refused with a contract error (4xx, or 409 gap/fork). */
  | { kind: 'refused'; status: number; error: HubError }
  /** An answer that does not fit the contract. */
  | { kind: 'bad_answer'; status: number; message: string };

/** An answer with the kiosk-clock times the request left and the answer arrived. */
export interface HubAnswer<T> {
  body: T;
  sentAt: number;
  receivedAt: number;
}

export type HubCall<T> = Promise<Result<HubAnswer<T>, HubCallError>>;

/** Signs as the device key does: ES256, raw R‖S. */
export interface RequestSigner {
  sign(message: Uint8Array): Uint8Array;
}

export interface HubClientOptions {
  /** The hub's base URL, e.g. `https://hub.example.org` (a path prefix is kept). */
  hubUrl: string;
  /** The enrolled kiosk id: the signature's `keyid` and part of each path. */
  kioskId: string;
  signer: RequestSigner;
  clock: Clock;
  /** A request without an answer after this long is abandoned. Default 30 s. */
  timeoutMs?: number;
  /** Seam for tests. Default: the global fetch (undici). */
  fetch?: typeof fetch;
}

export interface HubClient {
  /**
   * `eventsJson`, when given, is exactly JSON.stringify(events), already made by the caller (the
   * upload sizes each batch by its JSON), so 100k events are not serialised twice.
   */
  uploadEvents(
    events: readonly JournalEnvelope[],
    signal?: AbortSignal,
    eventsJson?: string,
  ): HubCall<UploadResponse>;
  downloads(have: DownloadsRequest['have'], signal?: AbortSignal): HubCall<DownloadsResponse>;
  /** A short code a patient typed (DESIGN §9) → the prescription's QR text. */
  resolveShortCode(code: string, signal?: AbortSignal): HubCall<ResolveShortCodeResponse>;
  /**
   * Hub clock − kiosk clock as last measured (0 before any answer). Requests are dated with the
   * kiosk clock plus this, so a kiosk whose clock drifted past the hub's 5-minute window
   * recovers after one `stale_date` refusal instead of being locked out by its own clock.
   */
  readonly dateOffsetMs: number;
}

export const DEFAULT_HUB_TIMEOUT_MS = 30_000;

export function createHubClient(options: HubClientOptions): HubClient {
  const { kioskId, signer, clock } = options;
  const key = { keyId: kioskId, sign: (message: Uint8Array) => signer.sign(message) };
  let dateOffsetMs = 0;

  async function post<T>(
    route: string,
    json: string,
    schema: z.ZodType<T>,
    signal: AbortSignal | undefined,
  ): HubCall<T> {
    const url = hubUrlFor(options.hubUrl, route);
    const body = new TextEncoder().encode(json);
    const signed = signRequest(
      { method: 'POST', path: url.pathname, body },
      key,
      new Date(clock.now() + dateOffsetMs),
    );
    const answer = await exchange(
      url,
      { 'content-type': 'application/json', ...signed },
      body,
      schema,
      { clock, fetch: options.fetch, timeoutMs: options.timeoutMs, signal },
    );
    // Learn the hub's clock from every answer that carries it, refusals included.
    if (answer.hubTime !== null) dateOffsetMs = answer.hubTime - answer.midpoint;
    return answer.result;
  }

  return {
    uploadEvents: (events, signal, eventsJson) =>
      post(
        HUB_ROUTES.events(kioskId),
        `{"events":${eventsJson ?? JSON.stringify(events)}}`,
        UploadResponse,
        signal,
      ),
    downloads: (have, signal) =>
      post(HUB_ROUTES.downloads(kioskId), JSON.stringify({ have }), DownloadsResponse, signal),
    resolveShortCode: (code, signal) =>
      post(
        HUB_ROUTES.shortCode(kioskId),
        JSON.stringify({ code }),
        ResolveShortCodeResponse,
        signal,
      ),
    get dateOffsetMs() {
      return dateOffsetMs;
    },
  };
}

/** POST enroll: unsigned, the one-time code is the credential. */
export async function postEnrollment(
  options: Pick<HubClientOptions, 'hubUrl' | 'clock' | 'timeoutMs' | 'fetch'>,
  request: EnrollRequest,
): HubCall<EnrollResponse> {
  const url = hubUrlFor(options.hubUrl, HUB_ROUTES.enroll);
  const body = new TextEncoder().encode(JSON.stringify(request));
  const answer = await exchange(
    url,
    { 'content-type': 'application/json' },
    body,
    EnrollResponse,
    options,
  );
  return answer.result;
}

/** `route` under the hub's base URL, keeping any path prefix the base has. */
export function hubUrlFor(hubUrl: string, route: string): URL {
  const base = new URL(hubUrl);
  if (!base.pathname.endsWith('/')) base.pathname = `${base.pathname}/`;
  return new URL(route.replace(/^\//, ''), base);
}

interface Exchange<T> {
  result: Result<HubAnswer<T>, HubCallError>;
  /** The hub's clock from the answer (`hubTime`, else its Date header); null with no answer. */
  hubTime: number | null;
  /** Kiosk-clock midpoint of the exchange: the best guess of when the hub read its clock. */
  midpoint: number;
}

async function exchange<T>(
  url: URL,
  headers: Record<string, string>,
  body: Uint8Array<ArrayBuffer>,
  schema: z.ZodType<T>,
  options: {
    clock: Clock;
    fetch?: typeof fetch;
    timeoutMs?: number;
    signal?: AbortSignal;
  },
): Promise<Exchange<T>> {
  const { clock } = options;
  const doFetch = options.fetch ?? fetch;
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  // On the injected clock, like every kiosk timer (DESIGN §8).
  let timedOut = false;
  const timer = clock.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs ?? DEFAULT_HUB_TIMEOUT_MS);
  const sentAt = clock.now();
  const noAnswer = (message: string): Exchange<T> => ({
    result: err({ kind: 'network', message }),
    hubTime: null,
    midpoint: sentAt,
  });
  try {
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, { method: 'POST', headers, body, signal: controller.signal });
      text = await response.text();
    } catch (error) {
      if (timedOut)
        return noAnswer(
          `no answer from the hub within ${options.timeoutMs ?? DEFAULT_HUB_TIMEOUT_MS} ms`,
        );
      if (options.signal?.aborted) return noAnswer('request abandoned: sync stopped');
      return noAnswer(networkErrorText(error));
    }
    const receivedAt = clock.now();
    const midpoint = Math.round((sentAt + receivedAt) / 2);
    const dateHeader = Date.parse(response.headers.get('date') ?? '');
    const headerTime = Number.isNaN(dateHeader) ? null : dateHeader;
    const json = parseJson(text);

    if (response.ok) {
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        return {
          result: err({
            kind: 'bad_answer',
            status: response.status,
            message: `answer does not fit the contract: ${firstIssue(parsed.error)}`,
          }),
          hubTime: headerTime,
          midpoint,
        };
      }
      const hubTime = (parsed.data as { hubTime?: unknown }).hubTime;
      return {
        result: ok({ body: parsed.data, sentAt, receivedAt }),
        hubTime: typeof hubTime === 'number' ? hubTime : headerTime,
        midpoint,
      };
    }
    if (response.status >= 500) {
      return {
        result: err({ kind: 'network', message: `hub answered ${response.status}` }),
        hubTime: headerTime,
        midpoint,
      };
    }
    const refusal = HubError.safeParse(json);
    if (!refusal.success) {
      return {
        result: err({
          kind: 'bad_answer',
          status: response.status,
          message: `hub answered ${response.status} without a contract error`,
        }),
        hubTime: headerTime,
        midpoint,
      };
    }
    return {
      result: err({ kind: 'refused', status: response.status, error: refusal.data }),
      hubTime: headerTime,
      midpoint,
    };
  } finally {
    clock.clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`;
}

/** undici wraps the socket error in `cause`; that is the part worth logging. */
function networkErrorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return `${error.message}: ${typeof code === 'string' ? `${code} ` : ''}${cause.message}`;
  }
  return error.message;
}
