import { COLUMNS_58MM, COLUMNS_80MM } from './protocol';

/** The printer device layer. The kiosk opens it through main/devices/kiosk-devices.ts. */
export * from './cp437';
export * from './driver';
export * from './escpos';
export * from './label';
export * from './protocol';
export * from './simulator';
export * from './status';

/** Font A columns for a paper width. */
export function columnsForPaper(paperWidthMm: 58 | 80): number {
  return paperWidthMm === 80 ? COLUMNS_80MM : COLUMNS_58MM;
}
