import type { Session } from 'electron';

/**
 * The kiosk page's Content-Security-Policy: everything from the app itself, nothing remote, no
 * eval, no inline script or style, no plugins, frames or workers, and Trusted Types so no string
 * can become markup. renderer/index.html carries the same policy as a meta tag (a unit test keeps
 * the two equal); the header adds frame-ancestors, which a meta tag cannot express.
 */
export const CSP_DIRECTIVES: ReadonlyArray<string> = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
];

/** The policy as it appears in renderer/index.html. */
export const KIOSK_CSP_META = CSP_DIRECTIVES.join('; ');

/** The policy sent as a response header. */
export const KIOSK_CSP_HEADER = [...CSP_DIRECTIVES, "frame-ancestors 'none'"].join('; ');

type HeaderMap = Record<string, string[] | string>;

/** Response headers with any existing CSP replaced by the kiosk's. */
export function withKioskCsp(headers: HeaderMap | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [KIOSK_CSP_HEADER];
  return out;
}

/** Applies the policy to every response the session receives. */
export function installCsp(session: Pick<Session, 'webRequest'>): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withKioskCsp(details.responseHeaders) });
  });
}
