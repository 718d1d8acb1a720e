import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  HidDeviceSelectorSchema,
  HidOpenError,
  openHidDevice,
  type HidBackend,
  type HidDevice,
  type HidDeviceInfo,
} from '../../hardware/transports/hid-transport';
import { HID_POS_USAGE_PAGE } from '../../hardware/scanner';

/**
 * openHidDevice. No HID device exists on the test machines, so the real node-hid path is covered
 * only for "not found"; the other outcomes go through a fake backend.
 */

class StubDevice extends EventEmitter implements HidDevice {
  constructor(readonly path: string) {
    super();
  }
  async close(): Promise<void> {}
}

function backend(
  devices: HidDeviceInfo[],
  open?: (path: string) => Promise<HidDevice>,
): HidBackend {
  return {
    devicesAsync: async () => devices,
    open: open ?? (async (path) => new StubDevice(path)),
  };
}

const scanner = (patch: Partial<HidDeviceInfo> = {}): HidDeviceInfo => ({
  vendorId: 0x0b6a,
  productId: 0x0153,
  path: '/dev/hidraw3',
  usagePage: HID_POS_USAGE_PAGE,
  usage: 2,
  interface: 1,
  ...patch,
});

async function rejection(promise: Promise<unknown>): Promise<HidOpenError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HidOpenError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('openHidDevice with real node-hid', () => {
  it('rejects with not_found, naming the device, when no such device is connected', async () => {
    const error = await rejection(
      openHidDevice({ vendorId: 0xfffe, productId: 0xfffd, usagePage: HID_POS_USAGE_PAGE }),
    );
    expect(error.reason).toBe('not_found');
    expect(error.message).toContain('HID 0xfffe:0xfffd usage page 0x008c');
    expect(error.message).toContain('no such device found');
  });
});

describe('openHidDevice with a fake backend', () => {
  it('opens the one interface matching vendor, product and usage page', async () => {
    const keyboard = scanner({ path: '/dev/hidraw2', usagePage: 0x01, usage: 6, interface: 0 });
    const device = await openHidDevice(
      { vendorId: 0x0b6a, productId: 0x0153, usagePage: HID_POS_USAGE_PAGE },
      backend([keyboard, scanner()]),
    );
    expect((device as StubDevice).path).toBe('/dev/hidraw3');
  });

  it('lists what is connected when nothing matches', async () => {
    const error = await rejection(
      openHidDevice({ vendorId: 0x1234, productId: 0x5678 }, backend([scanner()])),
    );
    expect(error.reason).toBe('not_found');
    expect(error.message).toContain('0x0b6a:0x0153 page 0x008c /dev/hidraw3');
  });

  it('refuses to guess between two matching interfaces', async () => {
    const error = await rejection(
      openHidDevice(
        { vendorId: 0x0b6a, productId: 0x0153 },
        backend([scanner({ path: '/dev/hidraw2', usagePage: 1 }), scanner()]),
      ),
    );
    expect(error.reason).toBe('ambiguous');
    expect(error.message).toContain('set usagePage or path');
  });

  it('a path tells two identical scanners apart', async () => {
    const device = await openHidDevice(
      { vendorId: 0x0b6a, productId: 0x0153, path: '/dev/hidraw5' },
      backend([scanner(), scanner({ path: '/dev/hidraw5' })]),
    );
    expect((device as StubDevice).path).toBe('/dev/hidraw5');
  });

  it('explains an open failure (permissions) and keeps the cause', async () => {
    const cause = new Error('cannot open device with path /dev/hidraw3');
    const error = await rejection(
      openHidDevice(
        { vendorId: 0x0b6a, productId: 0x0153 },
        backend([scanner()], async () => {
          throw cause;
        }),
      ),
    );
    expect(error.reason).toBe('open_failed');
    expect(error.message).toContain('udev');
    expect(error.cause).toBe(cause);
  });

  it('reports a failed enumeration', async () => {
    const error = await rejection(
      openHidDevice(
        { vendorId: 1, productId: 2 },
        {
          devicesAsync: async () => {
            throw new Error('libusb gone');
          },
          open: async (path) => new StubDevice(path),
        },
      ),
    );
    expect(error.reason).toBe('enumeration_failed');
  });
});

describe('HidDeviceSelectorSchema', () => {
  it('accepts a vendor/product pair with an optional usage page and path', () => {
    expect(
      HidDeviceSelectorSchema.parse({ vendorId: 0x0b6a, productId: 0x0153, usagePage: 0x8c }),
    ).toEqual({
      vendorId: 0x0b6a,
      productId: 0x0153,
      usagePage: 0x8c,
    });
  });

  it.each([
    [{ vendorId: 0x10000, productId: 1 }],
    [{ vendorId: 1 }],
    [{ vendorId: 1, productId: 2, path: '' }],
    [{ vendorId: 1, productId: 2, extra: true }],
  ])('rejects %j', (input) => {
    expect(HidDeviceSelectorSchema.safeParse(input).success).toBe(false);
  });
});
