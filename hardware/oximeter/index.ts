/** The oximeter device layer: protocol, codec, framer, driver, status and simulator. The kiosk opens it through main/devices/kiosk-devices.ts. */
export * from './codec';
export * from './driver';
export * from './framer';
export * from './protocol';
export * from './simulator';
export * from './status';
