import { describe, expect, it } from 'vitest';
import { formatRedactedScan, redactScan } from '../../hardware/scanner';

describe('scanner redaction', () => {
  it('keeps symbology, length and the first 8 characters only', () => {
    const text = 'shc:/' + '56762959'.repeat(250);
    const redacted = redactScan({ aim: ']Q1', text });
    expect(redacted).toEqual({
      aim: ']Q1',
      symbology: 'QR Code',
      length: text.length,
      preview: 'shc:/567',
    });
    const line = formatRedactedScan(redacted);
    expect(line).toBe(`]Q1 QR Code, ${text.length} chars, "shc:/567…"`);
    expect(line).not.toContain('shc:/5676');
  });

  it('shows GS as one visible character and marks unknown or absent AIMs', () => {
    const redacted = redactScan({ aim: ']X9', text: '10AB\u001d21S' });
    expect(redacted.preview).toBe('10AB\u241d21S');
    expect(formatRedactedScan(redacted)).toBe(']X9 unknown symbology, 8 chars, "10AB\u241d21S"');
    expect(formatRedactedScan(redactScan({ aim: null, text: 'abc' }))).toBe(
      'no AIM, 3 chars, "abc"',
    );
  });

  it('never reveals a birth date that sits past the preview', () => {
    const line = formatRedactedScan(redactScan({ aim: ']Q1', text: 'PATIENT:1960-05-14' }));
    expect(line).not.toContain('1960');
  });
});
