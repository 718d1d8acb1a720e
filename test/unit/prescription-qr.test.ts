import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { renderTokenQr } from '../../main/prescriptions/qr';

const PNG_MAGIC = '89504e470d0a1a0a';

describe('renderTokenQr', () => {
  it('makes a PNG and an SVG at ECC L and reports the version', async () => {
    const text = `shc:/${'5676'.repeat(100)}`;
    const qr = await renderTokenQr(text);
    if (!qr.ok) throw new Error(qr.error.detail);
    expect(qr.value.png.subarray(0, 8).toString('hex')).toBe(PNG_MAGIC);
    expect(qr.value.svg.startsWith('<svg')).toBe(true);
    expect(qr.value.errorCorrectionLevel).toBe('L');
    const reference = QRCode.create(
      [
        { data: new TextEncoder().encode('shc:/'), mode: 'byte' },
        { data: '5676'.repeat(100), mode: 'numeric' },
      ],
      { errorCorrectionLevel: 'L' },
    );
    expect(qr.value.version).toBe(reference.version);
  });

  it('uses a byte segment for the prefix and a numeric one for the digits', async () => {
    // 2,390 digits (a 1,195-character JWS) fit version 22 only in numeric mode.
    const text = `shc:/${'7'.repeat(2390)}`;
    const qr = await renderTokenQr(text);
    expect(qr.ok && qr.value.version).toBe(22);
    const asBytes = QRCode.create([{ data: new TextEncoder().encode(text), mode: 'byte' }], {
      errorCorrectionLevel: 'L',
    });
    expect(asBytes.version).toBeGreaterThan(22);
  });

  it('refuses what needs more than version 22, or is not prefix + digits', async () => {
    expect(await renderTokenQr(`shc:/${'7'.repeat(2400)}`)).toMatchObject({
      ok: false,
      error: { code: 'too_large' },
    });
    expect((await renderTokenQr(`shc:/${'7'.repeat(2400)}`, { maxVersion: 40 })).ok).toBe(true);
    expect(await renderTokenQr('shc:/12a4')).toMatchObject({
      ok: false,
      error: { code: 'not_numeric_text' },
    });
    expect(await renderTokenQr('odb:/1234')).toMatchObject({
      ok: false,
      error: { code: 'not_numeric_text' },
    });
    expect((await renderTokenQr('odb:/1234', { prefix: 'odb:/' })).ok).toBe(true);
  });
});
