import { err, ok, type Result } from '../../contracts/result';
import { findAiFormat } from './ai-table';
import { checkField } from './field';
import type { IsoDate } from './gs1-date';
import type { Gs1Element, Gs1Error } from './gs1-result';

/**
 * GS1 Digital Link URIs in a plain QR code (scanner.md §7):
 * `https://{host}[/{prefix…}]/01/{gtin}[/22/{cpv}][/10/{lot}][/21/{serial}][?17=YYMMDD&…]`.
 * Each AI value is percent-decoded and then held to the same format rules as in an element string,
 * so a lot read from a URI is no looser than one read from a DataMatrix.
 *
 * Offsets point at where the (still encoded) value starts in the URI text.
 */

const SCHEME = 'https://';
/** A host name or address, optional port: enough to tell a URI from arbitrary text. */
const HOST = /^[A-Za-z0-9.-]+(:[0-9]+)?$/;
const ALL_DIGITS = /^[0-9]+$/;

/** URI schemes are case-insensitive, and QR encoders upper-case DL URIs to use alphanumeric mode. */
export function looksLikeDigitalLink(text: string): boolean {
  return text.slice(0, SCHEME.length).toLowerCase() === SCHEME;
}

interface Pair {
  readonly ai: string;
  readonly encoded: string;
  readonly aiOffset: number;
  readonly valueOffset: number;
}

const notDigitalLink = (detail: string): Gs1Error => ({ code: 'not_gs1', offset: 0, detail });

export function splitDigitalLink(text: string, today: IsoDate): Result<Gs1Element[], Gs1Error> {
  // A URI is printable ASCII without spaces; anything else means this is not one.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code > 0x7e) {
      return err({ code: 'bad_char', offset: i, detail: `byte 0x${code.toString(16)} in a URI` });
    }
  }
  if (!looksLikeDigitalLink(text)) return err(notDigitalLink('not an https URI'));

  const hashAt = text.indexOf('#');
  const uri = hashAt === -1 ? text : text.slice(0, hashAt);
  const queryAt = uri.indexOf('?');
  const pathAndHost = queryAt === -1 ? uri : uri.slice(0, queryAt);
  const slashAt = pathAndHost.indexOf('/', SCHEME.length);
  const host = pathAndHost.slice(SCHEME.length, slashAt === -1 ? undefined : slashAt);
  if (!HOST.test(host)) return err(notDigitalLink('URI has no valid host'));
  if (slashAt === -1) return err(notDigitalLink('URI has no path holding /01/{gtin}'));

  // Path segments with their offsets; the first `01` followed by whole AI/value pairs starts the
  // GS1 part, anything before it is the resolver's own path prefix.
  const segments: { text: string; offset: number }[] = [];
  let segmentStart = slashAt + 1;
  for (const part of pathAndHost.slice(slashAt + 1).split('/')) {
    segments.push({ text: part, offset: segmentStart });
    segmentStart += part.length + 1;
  }
  const keyIndex = segments.findIndex((s, i) => s.text === '01' && (segments.length - i) % 2 === 0);
  if (keyIndex === -1) return err(notDigitalLink('URI path holds no /01/{gtin}'));

  const pairs: Pair[] = [];
  for (let i = keyIndex; i + 1 < segments.length; i += 2) {
    const ai = segments[i];
    const value = segments[i + 1];
    if (!ai || !value) break;
    pairs.push({
      ai: ai.text,
      encoded: value.text,
      aiOffset: ai.offset,
      valueOffset: value.offset,
    });
  }
  if (queryAt !== -1) {
    let paramStart = queryAt + 1;
    for (const param of uri.slice(queryAt + 1).split('&')) {
      const eq = param.indexOf('=');
      const key = eq === -1 ? param : param.slice(0, eq);
      // Non-numeric keys are the resolver's own parameters (linkType, …), not GS1 data.
      if (ALL_DIGITS.test(key)) {
        pairs.push({
          ai: key,
          encoded: eq === -1 ? '' : param.slice(eq + 1),
          aiOffset: paramStart,
          valueOffset: paramStart + key.length + 1,
        });
      }
      paramStart += param.length + 1;
    }
  }

  const elements: Gs1Element[] = [];
  const seen = new Set<string>();
  for (const pair of pairs) {
    const format = findAiFormat(pair.ai);
    if (!format) {
      return err({
        code: 'unknown_ai',
        offset: pair.aiOffset,
        detail: ALL_DIGITS.test(pair.ai)
          ? `AI ${pair.ai} is not in the AI table`
          : 'a URI path segment where an AI belongs is not an AI',
      });
    }
    if (seen.has(pair.ai)) {
      return err({
        code: 'duplicate_ai',
        offset: pair.aiOffset,
        detail: `AI ${pair.ai} appears twice`,
      });
    }
    seen.add(pair.ai);
    let value: string;
    try {
      value = decodeURIComponent(pair.encoded);
    } catch {
      // decodeURIComponent throws on a malformed %-escape; that is bad input, reported as such.
      return err({
        code: 'bad_char',
        offset: pair.valueOffset,
        detail: `bad %-escape in AI ${pair.ai}`,
      });
    }
    const fault = checkField(format, value, pair.valueOffset, today);
    if (fault) return err(fault);
    elements.push({ ai: pair.ai, value, offset: pair.aiOffset });
  }
  return ok(elements);
}
