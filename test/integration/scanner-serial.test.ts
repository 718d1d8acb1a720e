import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../contracts/clock';
import {
  DEFAULT_SERIAL_SETTINGS,
  RESCAN_PAUSE_MS,
  ScannerDriver,
  ScannerSimulator,
  type ScanError,
  type ScanEvent,
} from '../../hardware/scanner';
import { openPtyPair, type PtyPair } from '../../hardware/transports/pty-pair';
import { createSerialTransport } from '../../hardware/transports/serial-transport';

/** A prescription-sized `shc:/` text: 2000 digits, as a V22 QR would carry. */
const TOKEN =
  'shc:/' + Array.from({ length: 1000 }, (_, i) => String(i % 78).padStart(2, '0')).join('');

/** Resolves with the next scan the driver emits (the test timeout catches one that never comes). */
function nextScan(driver: ScannerDriver): Promise<ScanEvent> {
  return new Promise((resolve) => {
    const off = driver.onScan((scan) => {
      off();
      resolve(scan);
    });
  });
}

describe('scanner driver ↔ simulator over a real serial line (socat PTY pair)', () => {
  let pty: PtyPair;
  let driver: ScannerDriver;
  let simulator: ScannerSimulator;
  let scannerSide: ReturnType<typeof createSerialTransport>;
  let errors: ScanError[];

  beforeEach(async () => {
    pty = await openPtyPair();
    const kioskSide = createSerialTransport({
      path: pty.a,
      baudRate: DEFAULT_SERIAL_SETTINGS.baudRate,
    });
    scannerSide = createSerialTransport({
      path: pty.b,
      baudRate: DEFAULT_SERIAL_SETTINGS.baudRate,
    });
    driver = new ScannerDriver({ transport: kioskSide, clock: systemClock });
    simulator = new ScannerSimulator({ transport: scannerSide, clock: systemClock });
    errors = [];
    driver.onError((e) => errors.push(e));
    await driver.open();
    await scannerSide.open();
  });

  afterEach(async () => {
    await driver.close();
    await scannerSide.close();
    await pty.close();
  });

  it('delivers a 2000-digit shc:/ scan intact', async () => {
    const received = nextScan(driver);
    await simulator.scan(TOKEN);
    const scan = await received;
    expect(scan.aim).toBe(']Q1');
    expect(scan.text).toBe(TOKEN);
    expect(scan.raw.length).toBe(TOKEN.length);
    expect(errors).toEqual([]);
  });

  it('recovers from noise, a non-ASCII line, a flood and a lost CR', async () => {
    const scans: ScanEvent[] = [];
    driver.onScan((s) => scans.push(s));

    await simulator.noise([0x00, 0xff, 0x13]);
    await simulator.idle(RESCAN_PAUSE_MS);
    await simulator.scanWithNonAscii('shc:/1234');
    await simulator.idle(RESCAN_PAUSE_MS);
    await simulator.flood();
    await simulator.idle(RESCAN_PAUSE_MS);
    await simulator.missingCrThenScan('shc:/9999', 'shc:/5656');
    await simulator.idle(RESCAN_PAUSE_MS);
    const last = nextScan(driver);
    await simulator.scanCrLf(TOKEN);
    await last;

    expect(scans.map((s) => s.text)).toEqual(['shc:/5656', TOKEN]);
    expect(errors.map((e) => e.code)).toEqual([
      'gap_timeout', // the noise, dropped by the pause after it
      'bad_byte', // the non-ASCII line
      'overflow', // the flood
      'gap_timeout', // the scan that lost its CR
    ]);
  });
});
