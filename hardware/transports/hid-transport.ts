import { z } from 'zod';

/**
 * Opens a USB HID device through node-hid's async API (HIDAsync: reads on a worker thread, so the
 * event loop never blocks on the device). A HID device is a stream of whole reports, not a byte
 * pipe, so it is handed to its driver as a `HidDevice` rather than wrapped as a `Transport`.
 *
 * node-hid is imported lazily: importing this module on a machine whose native binding cannot load
 * costs nothing until a HID device is actually configured.
 */

/**
 * The part of node-hid's `HID`/`HIDAsync` a driver uses: one `data` event per input report (report
 * ID first), `error` when a read fails (unplug), and `close`.
 */
export interface HidDevice {
  on(event: 'data', listener: (report: Uint8Array) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  removeListener(event: 'data', listener: (report: Uint8Array) => void): unknown;
  removeListener(event: 'error', listener: (error: unknown) => void): unknown;
  close(): void | Promise<void>;
}

/** What enumeration reports about one HID interface (node-hid `Device`). */
export interface HidDeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  readonly path?: string | undefined;
  readonly usagePage?: number | undefined;
  readonly usage?: number | undefined;
  readonly product?: string | undefined;
  readonly interface: number;
}

/** node-hid, or a fake in tests. */
export interface HidBackend {
  devicesAsync(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidDevice>;
}

export const nodeHidBackend: HidBackend = {
  async devicesAsync() {
    const hid = await import('node-hid');
    return hid.devicesAsync();
  },
  async open(path) {
    const hid = await import('node-hid');
    return hid.HIDAsync.open(path);
  },
};

const u16 = z.number().int().min(0).max(0xffff);

/** How the hardware config names a HID device. */
export const HidDeviceSelectorSchema = z.strictObject({
  vendorId: u16,
  productId: u16,
  /** Only interfaces on this usage page (0x8C for a HID POS scanner): composite devices expose several. */
  usagePage: u16.optional(),
  /** The OS path, when two identical devices are connected and must be told apart. */
  path: z.string().min(1).optional(),
});
export type HidDeviceSelector = z.infer<typeof HidDeviceSelectorSchema>;

export type HidOpenFailure = 'enumeration_failed' | 'not_found' | 'ambiguous' | 'open_failed';

/** Rejection of openHidDevice, with a message a technician can act on. */
export class HidOpenError extends Error {
  override readonly name = 'HidOpenError';
  constructor(
    readonly reason: HidOpenFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const hex4 = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;

export function describeHidSelector(selector: HidDeviceSelector): string {
  const page = selector.usagePage === undefined ? '' : ` usage page ${hex4(selector.usagePage)}`;
  const path = selector.path === undefined ? '' : ` at ${selector.path}`;
  return `HID ${hex4(selector.vendorId)}:${hex4(selector.productId)}${page}${path}`;
}

function describeInfo(info: HidDeviceInfo): string {
  const page = info.usagePage === undefined ? '' : ` page ${hex4(info.usagePage)}`;
  return `${hex4(info.vendorId)}:${hex4(info.productId)}${page} ${info.path ?? '(no path)'}`;
}

/**
 * Finds the one interface matching `selector` and opens it. Rejects with HidOpenError when the
 * list cannot be read, nothing matches (the message lists what is connected), several match
 * (set `usagePage` or `path`), or the open fails (on Linux usually the udev permission on
 * /dev/hidraw*).
 */
export async function openHidDevice(
  selector: HidDeviceSelector,
  backend: HidBackend = nodeHidBackend,
): Promise<HidDevice> {
  const wanted = describeHidSelector(selector);
  let all: HidDeviceInfo[];
  try {
    all = await backend.devicesAsync();
  } catch (cause) {
    throw new HidOpenError('enumeration_failed', `${wanted}: cannot list HID devices`, { cause });
  }
  const matches = all.filter(
    (d) =>
      d.vendorId === selector.vendorId &&
      d.productId === selector.productId &&
      (selector.usagePage === undefined || d.usagePage === selector.usagePage) &&
      (selector.path === undefined || d.path === selector.path) &&
      d.path !== undefined,
  );
  if (matches.length === 0) {
    const connected = all.length === 0 ? 'none' : all.map(describeInfo).join('; ');
    throw new HidOpenError(
      'not_found',
      `${wanted}: no such device found (connected HID devices: ${connected})`,
    );
  }
  if (matches.length > 1) {
    throw new HidOpenError(
      'ambiguous',
      `${wanted}: ${matches.length} interfaces match (${matches.map(describeInfo).join('; ')}); ` +
        'set usagePage or path in the hardware config',
    );
  }
  const path = matches[0]?.path;
  if (path === undefined) throw new Error('matched a device without a path'); // filtered above
  try {
    return await backend.open(path);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new HidOpenError(
      'open_failed',
      `${wanted}: cannot open ${path} (${reason}); on Linux check that a udev rule gives the kiosk ` +
        'user access to the hidraw device',
      { cause },
    );
  }
}
