import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../contracts/clock';
import { createMemoryTransportPair } from '../../hardware/transports/memory-transport';
import {
  ScannerDriver,
  ScannerSimulator,
  type ScanError,
  type ScanEvent,
  type ScannerTraffic,
} from '../../hardware/scanner';

/** Lets the memory pair deliver (it hands bytes over in a microtask). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

const TOKEN = 'shc:/' + '5676295'.repeat(300);

async function setup(options: { debounceMs?: number } = {}) {
  const clock = createManualClock(Date.UTC(2026, 0, 1));
  const [kioskEnd, scannerEnd] = createMemoryTransportPair({ name: 'scanner' });
  const driver = new ScannerDriver({ transport: kioskEnd, clock, ...options });
  const simulator = new ScannerSimulator({ transport: scannerEnd, clock });
  await scannerEnd.open();
  await driver.open();
  const scans: ScanEvent[] = [];
  const errors: ScanError[] = [];
  const traffic: ScannerTraffic[] = [];
  driver.onScan((s) => scans.push(s));
  driver.onError((e) => errors.push(e));
  driver.onTraffic((t) => traffic.push(t));
  return { clock, kioskEnd, scannerEnd, driver, simulator, scans, errors, traffic };
}

describe('ScannerDriver over a memory transport', () => {
  it('emits a scan from the simulator intact', async () => {
    const { simulator, scans, errors } = await setup();
    await simulator.scan(TOKEN);
    await settle();
    expect(errors).toEqual([]);
    expect(scans).toHaveLength(1);
    expect(scans[0]?.aim).toBe(']Q1');
    expect(scans[0]?.text).toBe(TOKEN);
    expect(scans[0]?.transport).toBe('serial');
  });

  it('drops an identical scan inside 1 s and emits it again at 1 s', async () => {
    const { simulator, scans, clock, traffic } = await setup();
    await simulator.scan(TOKEN);
    await settle();
    clock.advance(300);
    await simulator.scan(TOKEN);
    await settle();
    clock.advance(699);
    await simulator.scan(TOKEN);
    await settle();
    expect(scans).toHaveLength(1);
    clock.advance(1);
    await simulator.scan(TOKEN);
    await settle();
    expect(scans).toHaveLength(2);
    const flags = traffic.flatMap((t) => (t.kind === 'scan' ? [t.debounced] : []));
    expect(flags).toEqual([false, true, true, false]);
  });

  it('does not debounce a different payload or a different AIM', async () => {
    const { simulator, scans } = await setup();
    await simulator.scan('0109506000134352', ']d2');
    await simulator.scan('0109506000134352', ']Q3');
    await simulator.scan('0109506000134353', ']Q3');
    await settle();
    expect(scans.map((s) => `${s.aim}${s.text}`)).toEqual([
      ']d20109506000134352',
      ']Q30109506000134352',
      ']Q30109506000134353',
    ]);
  });

  it('honours a custom debounce window', async () => {
    const { simulator, scans, clock } = await setup({ debounceMs: 0 });
    await simulator.scan('A');
    await settle();
    clock.advance(1);
    await simulator.scan('A');
    await settle();
    expect(scans).toHaveLength(2);
  });

  it('reports a non-ASCII byte and recovers on the next scan', async () => {
    const { simulator, scans, errors } = await setup();
    await simulator.scanWithNonAscii('shc:/1234', ']Q1', { offset: 3 });
    await simulator.scan('shc:/1234');
    await settle();
    expect(errors).toEqual([{ code: 'bad_byte', offset: 6, byte: 0xe9 }]);
    expect(scans.map((s) => s.text)).toEqual(['shc:/1234']);
  });

  it('drops a scan that lost its CR when the next one comes after a pause', async () => {
    const { simulator, scans, errors, clock } = await setup();
    const pending = simulator.missingCrThenScan('shc:/1111', 'shc:/2222');
    await settle();
    clock.advance(200);
    await pending;
    await settle();
    expect(errors).toEqual([{ code: 'gap_timeout', discardedBytes: 12, gapMs: 200 }]);
    expect(scans.map((s) => s.text)).toEqual(['shc:/2222']);
  });

  it('glues the two scans when the CR is lost and there is no pause (caught downstream)', async () => {
    const { simulator, scans } = await setup();
    await simulator.missingCrThenScan('shc:/1111', 'shc:/2222', { pauseMs: 0 });
    await settle();
    expect(scans.map((s) => s.text)).toEqual(['shc:/1111]Q1shc:/2222']);
  });

  it('handles CR+LF, a missing AIM and a broken AIM', async () => {
    const { simulator, scans, errors } = await setup();
    await simulator.scanCrLf('shc:/1');
    await simulator.scanWithoutAim('shc:/2');
    await simulator.scanWithBrokenAim('shc:/3');
    await simulator.scan('shc:/4', ']d1');
    await settle();
    expect(scans.map((s) => [s.aim, s.text])).toEqual([
      [']Q1', 'shc:/1'],
      [null, 'shc:/2'],
      [']d1', 'shc:/4'],
    ]);
    expect(errors).toEqual([{ code: 'bad_aim' }]);
  });

  it('survives noise and a flood, then reads a good scan', async () => {
    const { simulator, scans, errors, clock } = await setup();
    await simulator.noise([0x00, 0xff]);
    await settle();
    clock.advance(100);
    await simulator.flood();
    await settle();
    clock.advance(100);
    await simulator.scan(TOKEN);
    await settle();
    // The pause drops the noise; the flood overflows; the next pause ends its skipped line.
    expect(errors).toEqual([
      { code: 'gap_timeout', discardedBytes: 2, gapMs: 100 },
      { code: 'overflow', discardedBytes: 4097 },
    ]);
    expect(scans.map((s) => s.text)).toEqual([TOKEN]);
  });

  it('never puts a payload in the traffic feed', async () => {
    const { simulator, traffic } = await setup();
    await simulator.scan(TOKEN);
    await simulator.scanWithNonAscii(TOKEN);
    await settle();
    const dump = JSON.stringify(traffic);
    expect(dump).not.toContain(TOKEN.slice(0, 9));
    expect(dump).not.toContain('56762955');
    const scan = traffic.find((t) => t.kind === 'scan');
    expect(scan).toMatchObject({
      kind: 'scan',
      scan: { aim: ']Q1', symbology: 'QR Code', length: TOKEN.length, preview: 'shc:/567' },
    });
    expect(traffic.filter((t) => t.kind === 'bytes').length).toBeGreaterThan(0);
  });

  it('reports a lost transport and stops after close', async () => {
    const { kioskEnd, driver, simulator, scans } = await setup();
    const lost: Error[] = [];
    driver.onLost((e) => lost.push(e));
    kioskEnd.simulateLoss();
    expect(lost).toHaveLength(1);
    await driver.close();
    await simulator.scan('late').catch(() => undefined);
    await settle();
    expect(scans).toEqual([]);
  });
});
