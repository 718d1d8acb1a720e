import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../contracts/clock';
import { UiEvent } from '../../contracts/bridge';
import { parseGs1, requirePackFields } from '../../hardware/gs1';
import {
  DEFAULT_WEDGE_CONFIG,
  WedgeConfigSchema,
  WedgeDecoder,
  WedgeScanner,
  isValidGsSubstitute,
  type ScanError,
  type ScanEvent,
  type WedgeConfig,
  type WedgeDecoderOutput,
} from '../../hardware/scanner';

/** Keyboard wedge (scanner.md §3, §5 example 4, §7). */

const TODAY = '2026-01-15';
const GS = '\u001d';
const GS1_WEDGE: WedgeConfig = { aimPrefix: true, gsSubstitute: '~' };

/** The WEDGE_KEYS events the renderer sends, validated as main validates them. */
const wedgeKeys = (keys: string): string => {
  const event = UiEvent.parse({ type: 'WEDGE_KEYS', keys });
  if (event.type !== 'WEDGE_KEYS') throw new Error('not a WEDGE_KEYS event');
  return event.keys;
};

const scansOf = (outputs: WedgeDecoderOutput[]): ScanEvent[] =>
  outputs.flatMap((o) => (o.ok ? [o.value] : []));
const errorsOf = (outputs: WedgeDecoderOutput[]): ScanError[] =>
  outputs.flatMap((o) => (o.ok ? [] : [o.error]));

describe('scanner.md §5 example 4: a wedge with neither AIM nor GS', () => {
  const typed = '0109506000134352' + '17251231' + '10ABC123' + '21SN0001' + '\r';

  it('decodes to a ScanEvent without AIM, and the GS1 parser refuses it (not_gs1)', () => {
    const decoder = new WedgeDecoder({ config: DEFAULT_WEDGE_CONFIG });
    const [scan] = scansOf(decoder.push(wedgeKeys(typed), 0));
    expect(scan).toMatchObject({ transport: 'wedge', aim: null, text: typed.slice(0, -1) });
    expect(parseGs1(scan!.aim, scan!.raw, TODAY)).toMatchObject({
      ok: false,
      error: { code: 'not_gs1', offset: 0 },
    });
  });

  it('does not trust a typed `]d2` when no AIM prefix is configured', () => {
    const decoder = new WedgeDecoder({ config: DEFAULT_WEDGE_CONFIG });
    const [scan] = scansOf(decoder.push(']d2' + typed, 0));
    expect(scan?.aim).toBeNull();
    expect(scan?.text.startsWith(']d2')).toBe(true);
    expect(parseGs1(scan!.aim, scan!.raw, TODAY)).toMatchObject({
      ok: false,
      error: { code: 'not_gs1' },
    });
  });
});

describe('a wedge programmed with an AIM prefix and a GS substitute', () => {
  it('maps the substitute back to GS, so example 1 parses exactly as over serial', () => {
    const decoder = new WedgeDecoder({ config: GS1_WEDGE });
    const outputs = decoder.push(']d2' + '01095060001343521725123110ABC123~21SN0001\r', 0);
    expect(scansOf(outputs)).toEqual([
      {
        transport: 'wedge',
        aim: ']d2',
        raw: new TextEncoder().encode(`01095060001343521725123110ABC123${GS}21SN0001`),
        text: `01095060001343521725123110ABC123${GS}21SN0001`,
      },
    ]);
    const scan = scansOf(outputs)[0]!;
    const parsed = parseGs1(scan.aim, scan.raw, TODAY);
    expect(parsed.ok && requirePackFields(parsed.value, { requireSerial: true })).toMatchObject({
      ok: true,
      value: { gtin: '09506000134352', lot: 'ABC123', serial: 'SN0001', expiry: '2025-12-31' },
    });
  });

  it('leaves the substitute alone in a non-GS1 symbology (a URL may hold `~`)', () => {
    const decoder = new WedgeDecoder({ config: GS1_WEDGE });
    const [scan] = scansOf(decoder.push(']Q1https://example.com/~pharma\r', 0));
    expect(scan?.text).toBe('https://example.com/~pharma');
  });

  it('still refuses GS1 when the scanner sent no AIM after all', () => {
    const decoder = new WedgeDecoder({ config: GS1_WEDGE });
    const [scan] = scansOf(decoder.push('0109506000134352~10A\r', 0));
    expect(scan?.aim).toBeNull();
    expect(scan?.text).toBe('0109506000134352~10A');
    expect(parseGs1(scan!.aim, scan!.raw, TODAY)).toMatchObject({
      ok: false,
      error: { code: 'not_gs1' },
    });
  });

  it('reports a malformed AIM', () => {
    const decoder = new WedgeDecoder({ config: GS1_WEDGE });
    expect(errorsOf(decoder.push(']!!0109\r', 0))).toEqual([{ code: 'bad_aim' }]);
  });
});

describe('framing', () => {
  it('a message may span several WEDGE_KEYS batches and ends at CR', () => {
    const decoder = new WedgeDecoder({ config: DEFAULT_WEDGE_CONFIG });
    expect(decoder.push('shc:/56', 0)).toEqual([]);
    expect(decoder.pendingBytes).toBe(7);
    expect(scansOf(decoder.push('76\rshc:/12', 16)).map((s) => s.text)).toEqual(['shc:/5676']);
    expect(scansOf(decoder.push('34\r', 5000)).map((s) => s.text)).toEqual(['shc:/1234']);
  });

  it('applies no inter-key gap: §7 keeps the 50 ms gap for serial only', () => {
    const decoder = new WedgeDecoder({ config: DEFAULT_WEDGE_CONFIG });
    decoder.push('ab', 0);
    expect(scansOf(decoder.push('c\r', 60_000)).map((s) => s.text)).toEqual(['abc']);
  });

  it('drops the LF of CR+LF and ignores empty lines', () => {
    const decoder = new WedgeDecoder({ config: DEFAULT_WEDGE_CONFIG });
    expect(scansOf(decoder.push('abc\r\n\r\rdef\r', 0)).map((s) => s.text)).toEqual(['abc', 'def']);
  });

  it('rejects a character a non-US keyboard layout produced', () => {
    const decoder = new WedgeDecoder({ config: DEFAULT_WEDGE_CONFIG });
    expect(errorsOf(decoder.push('10AB\u00e9\r', 0))).toEqual([
      { code: 'bad_byte', offset: 4, byte: 0xc3 },
    ]);
  });

  it('a 5000-character flood overflows the 4096 cap, is skipped to its CR, and the next scan is intact', () => {
    const decoder = new WedgeDecoder({ config: DEFAULT_WEDGE_CONFIG });
    const outputs = [
      ...decoder.push(wedgeKeys('9'.repeat(4000)), 0),
      ...decoder.push(wedgeKeys('9'.repeat(1000) + '\r'), 1),
      ...decoder.push(wedgeKeys('shc:/5676\r'), 2),
    ];
    expect(errorsOf(outputs)).toEqual([{ code: 'overflow', discardedBytes: 4097 }]);
    expect(scansOf(outputs).map((s) => s.text)).toEqual(['shc:/5676']);
  });

  it('reset() forgets a half-typed message', () => {
    const decoder = new WedgeDecoder({ config: DEFAULT_WEDGE_CONFIG });
    decoder.push('garbage', 0);
    decoder.reset();
    expect(scansOf(decoder.push('abc\r', 1)).map((s) => s.text)).toEqual(['abc']);
  });
});

describe('WedgeConfigSchema', () => {
  it('accepts the two valid shapes', () => {
    expect(WedgeConfigSchema.parse({ aimPrefix: false })).toEqual({ aimPrefix: false });
    expect(WedgeConfigSchema.parse({ aimPrefix: true, gsSubstitute: '~' })).toEqual(GS1_WEDGE);
  });

  it.each<[unknown, string]>([
    [{ aimPrefix: true }, 'an AIM without a GS substitute'],
    [{ aimPrefix: false, gsSubstitute: '~' }, 'a substitute without an AIM'],
    [{ aimPrefix: true, gsSubstitute: '%' }, 'a substitute inside character set 82'],
    [{ aimPrefix: true, gsSubstitute: ' ' }, 'space'],
    [{ aimPrefix: true, gsSubstitute: '~~' }, 'two characters'],
    [{ aimPrefix: true, gsSubstitute: '\u001d' }, 'a control character'],
    [{ aimPrefix: true, gsSubstitute: '\u00a7' }, 'a non-ASCII character'],
  ])('rejects %j (%s)', (input, _why) => {
    expect(WedgeConfigSchema.safeParse(input).success).toBe(false);
  });

  it('allows exactly the printable characters outside set 82', () => {
    const allowed = [];
    for (let code = 0x20; code <= 0x7e; code++) {
      if (isValidGsSubstitute(String.fromCharCode(code))) allowed.push(String.fromCharCode(code));
    }
    expect(allowed.join('')).toBe('#$@[\\]^`{|}~');
  });
});

describe('WedgeScanner: clock-stamped and debounced like every transport', () => {
  it('drops the same scan inside 1 s, emits it again at 1 s, and reports errors', () => {
    const clock = createManualClock(Date.UTC(2026, 0, 15));
    const scanner = new WedgeScanner({ config: GS1_WEDGE, clock });
    const scans: ScanEvent[] = [];
    const errors: ScanError[] = [];
    scanner.onScan((s) => scans.push(s));
    scanner.onError((e) => errors.push(e));
    const keys = wedgeKeys(']Q1shc:/5676\r');
    scanner.receive(keys);
    clock.advance(300);
    scanner.receive(keys);
    clock.advance(700);
    scanner.receive(keys);
    scanner.receive('\u00ff\r');
    expect(scans.map((s) => [s.transport, s.aim, s.text])).toEqual([
      ['wedge', ']Q1', 'shc:/5676'],
      ['wedge', ']Q1', 'shc:/5676'],
    ]);
    expect(errors.map((e) => e.code)).toEqual(['bad_byte']);
    expect(clock.pendingTimers()).toBe(0);
  });
});
