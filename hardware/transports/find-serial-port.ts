import { SerialPort } from 'serialport';

/**
 * Finds a serial port by USB vendor/product id, so a config survives the adapter coming back as
 * /dev/ttyUSB1 after a replug. SerialPort.list() asks udev (Debian package `udev`).
 */
export async function findSerialPortPath(usb: {
  vendorId: string;
  productId: string;
}): Promise<string | null> {
  const ports = await SerialPort.list().catch(() => []);
  const match = ports.find(
    (p) =>
      p.vendorId?.toLowerCase() === usb.vendorId.toLowerCase() &&
      p.productId?.toLowerCase() === usb.productId.toLowerCase(),
  );
  return match?.path ?? null;
}
