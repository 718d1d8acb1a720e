import { describe, expect, test } from 'vitest';
import { columnsForPaper } from '../../hardware/printer';
import { PrinterConfig } from '../../main/config/hardware-config';

describe('printer paper and config', () => {
  test('paper width gives the columns', () => {
    expect(columnsForPaper(58)).toBe(32);
    expect(columnsForPaper(80)).toBe(48);
  });

  test('defaults to 58 mm paper', () => {
    expect(PrinterConfig.parse({ path: '/dev/ttyUSB1', baudRate: 115_200 })).toEqual({
      path: '/dev/ttyUSB1',
      baudRate: 115_200,
      paperWidthMm: 58,
    });
  });

  test.each([
    [{ path: '/dev/ttyUSB1', baudRate: 115_200, paperWidthMm: 57 }, 'paperWidthMm'],
    [{ path: '/dev/ttyUSB1', baudRate: -1 }, 'baudRate'],
    [{ usb: { vendorId: 'xyz', productId: '0b61' }, baudRate: 115_200 }, 'usb'],
    [{ path: '/dev/ttyUSB1', baudRate: 115_200, extra: true }, ''],
  ])('rejects %j', (input, key) => {
    const result = PrinterConfig.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success && key) expect(result.error.issues[0]?.path[0]).toBe(key);
  });
});
