import { describe, expect, it } from 'vitest';
import { parseGs1, requirePackFields, type Gs1Value } from '../../hardware/gs1';

const TODAY = '2026-01-15';
const GS = '\u001d';

function parsed(text: string, aim = ']d2'): Gs1Value {
  const result = parseGs1(aim, text, TODAY);
  if (!result.ok) throw new Error(`fixture did not parse: ${result.error.code}`);
  return result.value;
}

describe('requirePackFields: 01, 17, 10 and (unless the market has none) 21', () => {
  it('passes example 1 with its serial', () => {
    const value = parsed(`01095060001343521725123110ABC123${GS}21SN0001`);
    expect(requirePackFields(value, { requireSerial: true })).toEqual({
      ok: true,
      value: {
        gtin: '09506000134352',
        expiry: '2025-12-31',
        expiryRaw: '251231',
        lot: 'ABC123',
        serial: 'SN0001',
        other: {},
      },
    });
  });

  it('refuses example 4 parsed naively (no serial) when serials are required', () => {
    const value = parsed('01095060001343521725123110ABC12321SN0001');
    expect(requirePackFields(value, { requireSerial: true })).toEqual({
      ok: false,
      error: {
        code: 'missing_ai',
        offset: null,
        ai: '21',
        detail: 'the pack has no AI 21 (serial)',
      },
    });
  });

  it('accepts a pack without serial where the market has no serialisation', () => {
    const value = parsed('01095060001343521725123110ABC123');
    expect(requirePackFields(value, { requireSerial: false })).toMatchObject({
      ok: true,
      value: { lot: 'ABC123' },
    });
  });

  it.each([
    ['no GTIN', `1725123110ABC${GS}21S`, '01'],
    ['no expiry', `010950600013435210ABC${GS}21S`, '17'],
    ['no lot', '01095060001343521725123121S', '10'],
    ['a bare EAN-13 has a GTIN only', '9506000134352', '17'],
  ])('%s → missing_ai %s', (_name, text, ai) => {
    const value = parsed(text, text === '9506000134352' ? ']E0' : ']d2');
    expect(requirePackFields(value, { requireSerial: false })).toMatchObject({
      ok: false,
      error: { code: 'missing_ai', ai },
    });
  });

  it('reports the first missing AI in the order 01, 17, 10, 21', () => {
    expect(requirePackFields({ other: {} }, { requireSerial: true })).toMatchObject({
      ok: false,
      error: { ai: '01' },
    });
  });
});
