import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HardwareConfig } from '../../main/config/hardware-config';
import { formatConfigError, loadJsonConfig } from '../../main/config/load-json-config';

const dir = mkdtempSync(join(tmpdir(), 'hwconfig-'));
function load(content: unknown) {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return { path, result: loadJsonConfig(path, HardwareConfig) };
}

const GOOD = {
  dispenser: { path: '/dev/ttyUSB0', baudRate: 57600 },
  scanner: { kind: 'serial', usb: { vendorId: '0c2e', productId: '0b61' }, baudRate: 115200 },
  slots: [{ slot: 1, selection: 11 }],
};

describe('hardware config', () => {
  it('accepts the example file and fills defaults', () => {
    const example = loadJsonConfig(
      join(import.meta.dirname, '../../config/hardware.example.json'),
      HardwareConfig,
    );
    expect(example.ok).toBe(true);
    const { result } = load(GOOD);
    expect(result.ok && result.value.dispenser.supportsDispenseId).toBe(false);
    expect(result.ok && result.value.slots[0]!.capacity).toBe(10);
  });

  it('accepts HID and wedge scanners', () => {
    expect(
      load({
        ...GOOD,
        scanner: { kind: 'hid', vendorId: 0x05e0, productId: 0x1200, usagePage: 0x8c },
      }).result.ok,
    ).toBe(true);
    expect(
      load({ ...GOOD, scanner: { kind: 'wedge', wedge: { aimPrefix: true, gsSubstitute: '~' } } })
        .result.ok,
    ).toBe(true);
  });

  it.each([
    [
      'a missing port',
      { ...GOOD, dispenser: { baudRate: 57600 } },
      /dispenser: give "path" or "usb"/,
    ],
    [
      'a duplicated slot',
      {
        ...GOOD,
        slots: [
          { slot: 1, selection: 11 },
          { slot: 1, selection: 12 },
        ],
      },
      /slots\.1\.slot: slot 1 is listed twice/,
    ],
    ['an unknown key', { ...GOOD, dispensr: {} }, /Unrecognized key.*dispensr/],
    ['an unknown scanner kind', { ...GOOD, scanner: { kind: 'bluetooth' } }, /scanner/],
    [
      'a wedge GS substitute inside GS1 charset 82',
      { ...GOOD, scanner: { kind: 'wedge', wedge: { aimPrefix: true, gsSubstitute: 'A' } } },
      /gsSubstitute/,
    ],
    ['bad JSON', '{ "dispenser": ', /not valid JSON/],
  ])('refuses %s with the file and the key', (_what, content, message) => {
    const { path, result } = load(content);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = formatConfigError(result.error);
    expect(text).toContain(path);
    expect(text).toMatch(message);
  });
});
