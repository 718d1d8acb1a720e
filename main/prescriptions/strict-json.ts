import { err, ok, type Result } from '../../contracts/result';

/**
 * A JSON parser for untrusted token content (prescription-token.md §4 step 5 and §5). JSON.parse
 * keeps the last of duplicate keys (so a signer and a verifier can read different values), turns
 * `__proto__` into a prototype edit on later copies, and silently rounds big integers; this parser
 * refuses all three, limits nesting, and returns null-prototype objects. Every failure is a typed
 * value with an offset; nothing here throws on bad input.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** A null-prototype object at run time: no inherited keys can shadow or be shadowed. */
export interface JsonObject {
  [key: string]: JsonValue;
}

export type StrictJsonErrorCode =
  | 'syntax'
  | 'duplicate_key'
  | 'forbidden_key'
  | 'unsafe_number'
  | 'too_deep'
  | 'invalid_utf8'
  | 'lone_surrogate';

export interface StrictJsonError {
  readonly code: StrictJsonErrorCode;
  /** Character offset (byte offset for invalid_utf8 is not known; 0). */
  readonly offset: number;
}

export interface StrictJsonOptions {
  /** Deepest allowed nesting of arrays and objects; the top-level container is depth 1. Default 32. */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 32;

/** Keys that reach Object.prototype machinery when an object is copied or merged. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function describeStrictJsonError(error: StrictJsonError): string {
  const where = `at offset ${error.offset}`;
  switch (error.code) {
    case 'syntax':
      return `invalid JSON ${where}`;
    case 'duplicate_key':
      return `duplicate object key ${where}`;
    case 'forbidden_key':
      return `forbidden key (__proto__, constructor or prototype) ${where}`;
    case 'unsafe_number':
      return `number outside the safe-integer range ${where}`;
    case 'too_deep':
      return `nesting deeper than allowed ${where}`;
    case 'invalid_utf8':
      return 'invalid UTF-8';
    case 'lone_surrogate':
      return `unpaired UTF-16 surrogate in a string ${where}`;
  }
}

/** Decodes UTF-8 strictly (no replacement characters, no BOM) and parses. */
export function parseStrictJsonBytes(
  bytes: Uint8Array,
  options: StrictJsonOptions = {},
): Result<JsonValue, StrictJsonError> {
  let text: string;
  try {
    // `fatal` turns malformed UTF-8 into an exception instead of U+FFFD; ignoreBOM keeps a BOM as
    // a character, which the parser then refuses like any other stray character.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return err({ code: 'invalid_utf8', offset: 0 });
  }
  return parseStrictJson(text, options);
}

class Failure {
  constructor(readonly error: StrictJsonError) {}
}

export function parseStrictJson(
  text: string,
  options: StrictJsonOptions = {},
): Result<JsonValue, StrictJsonError> {
  const parser = new Parser(text, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  const value = parser.parseDocument();
  return value instanceof Failure ? err(value.error) : ok(value);
}

class Parser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  parseDocument(): JsonValue | Failure {
    this.skipWhitespace();
    const value = this.parseValue(0);
    if (value instanceof Failure) return value;
    this.skipWhitespace();
    if (this.pos !== this.text.length) return this.fail('syntax');
    return value;
  }

  private fail(code: StrictJsonErrorCode, offset = this.pos): Failure {
    return new Failure({ code, offset });
  }

  private skipWhitespace(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      // JSON whitespace is exactly space, tab, LF and CR.
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else return;
    }
  }

  private parseValue(depth: number): JsonValue | Failure {
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.parseObject(depth + 1);
      case '[':
        return this.parseArray(depth + 1);
      case '"':
        return this.parseString();
      case 't':
        return this.parseLiteral('true', true);
      case 'f':
        return this.parseLiteral('false', false);
      case 'n':
        return this.parseLiteral('null', null);
      default:
        return this.parseNumber();
    }
  }

  private parseLiteral<T extends JsonValue>(word: string, value: T): T | Failure {
    if (!this.text.startsWith(word, this.pos)) return this.fail('syntax');
    this.pos += word.length;
    return value;
  }

  private parseObject(depth: number): JsonObject | Failure {
    if (depth > this.maxDepth) return this.fail('too_deep');
    this.pos++; // '{'
    const object: JsonObject = Object.create(null) as JsonObject;
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return object;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') return this.fail('syntax');
      const keyOffset = this.pos;
      const key = this.parseString();
      if (key instanceof Failure) return key;
      if (FORBIDDEN_KEYS.has(key)) return this.fail('forbidden_key', keyOffset);
      if (Object.prototype.hasOwnProperty.call(object, key)) {
        return this.fail('duplicate_key', keyOffset);
      }
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') return this.fail('syntax');
      this.pos++;
      this.skipWhitespace();
      const value = this.parseValue(depth);
      if (value instanceof Failure) return value;
      object[key] = value;
      this.skipWhitespace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === '}') return object;
      if (next !== ',') return this.fail('syntax', this.pos - 1);
    }
  }

  private parseArray(depth: number): JsonValue[] | Failure {
    if (depth > this.maxDepth) return this.fail('too_deep');
    this.pos++; // '['
    const array: JsonValue[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return array;
    }
    for (;;) {
      this.skipWhitespace();
      const value = this.parseValue(depth);
      if (value instanceof Failure) return value;
      array.push(value);
      this.skipWhitespace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === ']') return array;
      if (next !== ',') return this.fail('syntax', this.pos - 1);
    }
  }

  private parseString(): string | Failure {
    const start = this.pos;
    this.pos++; // opening quote
    const parts: string[] = [];
    let runStart = this.pos;
    for (;;) {
      if (this.pos >= this.text.length) return this.fail('syntax');
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x22) {
        parts.push(this.text.slice(runStart, this.pos));
        this.pos++;
        break;
      }
      if (c < 0x20) return this.fail('syntax');
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      parts.push(this.text.slice(runStart, this.pos));
      const escape = this.text[this.pos + 1];
      switch (escape) {
        case '"':
        case '\\':
        case '/':
          parts.push(escape);
          break;
        case 'b':
          parts.push('\b');
          break;
        case 'f':
          parts.push('\f');
          break;
        case 'n':
          parts.push('\n');
          break;
        case 'r':
          parts.push('\r');
          break;
        case 't':
          parts.push('\t');
          break;
        case 'u': {
          const hex = this.text.slice(this.pos + 2, this.pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return this.fail('syntax');
          parts.push(String.fromCharCode(parseInt(hex, 16)));
          this.pos += 4;
          break;
        }
        default:
          return this.fail('syntax');
      }
      this.pos += 2;
      runStart = this.pos;
    }
    const value = parts.join('');
    // `\ud800` escapes (and, from a string source, raw lone surrogates) are not Unicode text.
    const bad = loneSurrogateIndex(value);
    if (bad !== -1) return this.fail('lone_surrogate', start);
    return value;
  }

  private parseNumber(): number | Failure {
    const start = this.pos;
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(
      this.text.slice(this.pos, this.pos + 400),
    );
    if (!match) return this.fail('syntax');
    this.pos += match[0].length;
    const value = Number(match[0]);
    // Beyond 2^53 − 1 a JS number no longer holds every integer, so two different numbers in the
    // token could compare equal; fractions are allowed within the same magnitude.
    if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) {
      return this.fail('unsafe_number', start);
    }
    return value;
  }
}

function loneSurrogateIndex(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}
