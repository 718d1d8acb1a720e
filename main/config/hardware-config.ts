import { z } from 'zod';
import { HidDeviceSelectorSchema } from '../../hardware/transports/hid-transport';
import { WedgeConfigSchema } from '../../hardware/scanner/wedge-config';

/**
 * The technician-owned hardware config (DESIGN §9): which port each device is on and which
 * motor address each slot uses. `npm start` writes one pointing at simulator PTYs; a real
 * cabinet gets one from its technician (`--hardware config.json`).
 */

const serialPort = z.strictObject({
  /** Device path, e.g. /dev/ttyUSB0. Either this or usb ids. */
  path: z.string().min(1).optional(),
  /** Find the port by its USB ids instead of a path that may change between boots. */
  usb: z
    .strictObject({
      vendorId: z.string().regex(/^[0-9a-f]{4}$/i),
      productId: z.string().regex(/^[0-9a-f]{4}$/i),
    })
    .optional(),
  baudRate: z.number().int().positive(),
});

function requirePathOrUsb(value: { path?: string; usb?: unknown }, ctx: z.RefinementCtx) {
  if (!value.path && !value.usb)
    ctx.addIssue({ code: 'custom', message: 'give "path" or "usb" {vendorId, productId}' });
}

export const DispenserConfig = serialPort
  .extend({
    /** The board accepts the 0xE6 drive-once-per-dispenseId extension (dispenser.md §6.5). */
    supportsDispenseId: z.boolean().default(false),
    /** The cabinet has a lift between the spirals and the tray. */
    elevator: z.boolean().default(false),
  })
  .superRefine(requirePathOrUsb);

const SerialScannerConfig = serialPort
  .extend({ kind: z.literal('serial') })
  .superRefine(requirePathOrUsb);

/** A USB HID POS scanner (usage page 0x8C), found by its USB ids. */
const HidScannerConfig = HidDeviceSelectorSchema.extend({
  kind: z.literal('hid'),
  /** Report layout; default Access-IS (scanner.md §1). */
  layout: z.enum(['access-is', 'microscan']).default('access-is'),
});

/** A keyboard-wedge scanner typing into the kiosk window (scanner.md §3 and §7). */
const WedgeScannerConfig = z.strictObject({ kind: z.literal('wedge'), wedge: WedgeConfigSchema });

export const ScannerConfig = z.discriminatedUnion('kind', [
  SerialScannerConfig,
  HidScannerConfig,
  WedgeScannerConfig,
]);

export const PrinterConfig = serialPort
  .extend({
    /** 58 mm (32 columns) or 80 mm (48 columns) paper. */
    paperWidthMm: z.union([z.literal(58), z.literal(80)]).default(58),
  })
  .superRefine(requirePathOrUsb);

export const SlotConfig = z.strictObject({
  slot: z.number().int().positive(),
  /** Selection number the VMC board drives for this slot. */
  selection: z.number().int().min(1).max(0xffff),
  capacity: z.number().int().positive().default(10),
  /**
   * The medicine this slot is for (GTINs of its packs). Restock refuses any other GTIN
   * (`wrong_medicine`); without it, an empty slot takes the GTIN of the restock order's line for
   * it, or any GTIN.
   */
  gtins: z
    .array(z.string().regex(/^\d{14}$/, 'expected a 14-digit GTIN'))
    .min(1)
    .max(20)
    .optional(),
});

export const HardwareConfig = z
  .strictObject({
    /** True when every device is a simulator (npm start); journaled in KIOSK_STARTED. */
    simulated: z.boolean().default(false),
    dispenser: DispenserConfig,
    scanner: ScannerConfig,
    /** A cabinet without a label printer still dispenses; labels then wait for the technician. */
    printer: PrinterConfig.optional(),
    /** Vitals devices, for prescriptions that require a reading (vitals.md); both optional. */
    oximeter: serialPort.superRefine(requirePathOrUsb).optional(),
    bpCuff: serialPort.superRefine(requirePathOrUsb).optional(),
    slots: z.array(SlotConfig).min(1),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Set<number>();
    for (const [i, s] of cfg.slots.entries()) {
      if (seen.has(s.slot))
        ctx.addIssue({
          code: 'custom',
          path: ['slots', i, 'slot'],
          message: `slot ${s.slot} is listed twice`,
        });
      seen.add(s.slot);
    }
  });
export type HardwareConfig = z.infer<typeof HardwareConfig>;
