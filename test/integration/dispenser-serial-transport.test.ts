import { afterEach, describe, expect, test } from 'vitest';
import { openPtyPair, type PtyPair } from '../../hardware/transports/pty-pair';
import { createSerialTransport } from '../../hardware/transports/serial-transport';
import type { Transport } from '../../hardware/transports/transport';
import { waitUntil } from './helpers/pty-rig';

// The serial transport the dispenser runs on, over real socat PTY pairs: data both ways, unplug
// (killing socat) seen by both ends exactly once, and clear open errors.

const pairs: PtyPair[] = [];
const transports: Transport[] = [];
afterEach(async () => {
  for (const t of transports.splice(0)) await t.close();
  for (const p of pairs.splice(0)) await p.close();
});

async function pair(): Promise<PtyPair> {
  const p = await openPtyPair();
  pairs.push(p);
  return p;
}

async function open(path: string): Promise<Transport> {
  const t = createSerialTransport({ path, baudRate: 57_600 });
  transports.push(t);
  await t.open();
  return t;
}

describe('openPtyPair', () => {
  test('reports two distinct /dev/pts paths and a live socat', async () => {
    const p = await pair();
    expect(p.a).toMatch(/^\/dev\/pts\/\d+$/);
    expect(p.b).toMatch(/^\/dev\/pts\/\d+$/);
    expect(p.a).not.toBe(p.b);
    expect(p.alive).toBe(true);
    await p.close();
    expect(p.alive).toBe(false);
  });

  test('a missing socat binary is a clear error', async () => {
    await expect(openPtyPair({ socatPath: '/nonexistent/socat' })).rejects.toThrow(
      /socat is not installed/,
    );
  });
});

describe('serial transport over a PTY pair', () => {
  test('bytes flow both ways', async () => {
    const p = await pair();
    const a = await open(p.a);
    const b = await open(p.b);
    const atB: number[] = [];
    const atA: number[] = [];
    b.onData((chunk) => atB.push(...chunk));
    a.onData((chunk) => atA.push(...chunk));
    await a.write(Uint8Array.from([0xfa, 0xfb, 0x41, 0x00, 0x40]));
    await b.write(Uint8Array.from([0xfa, 0xfb, 0x42, 0x00, 0x43]));
    await waitUntil(() => atB.length === 5 && atA.length === 5, 'bytes across the PTY pair');
    expect(atB).toEqual([0xfa, 0xfb, 0x41, 0x00, 0x40]);
    expect(atA).toEqual([0xfa, 0xfb, 0x42, 0x00, 0x43]);
  });

  // Both an idle line and a busy one: which end notices a hang-up first is a race inside
  // serialport, so the case runs a few times.
  test.each([
    ['idle', false],
    ['busy', true],
  ])('killing socat on a %s line: both ends report the loss exactly once', async (_name, busy) => {
    for (let round = 0; round < 4; round++) {
      const p = await pair();
      const a = await open(p.a);
      const b = await open(p.b);
      const lost: string[] = [];
      a.onLost(() => lost.push('a'));
      b.onLost(() => lost.push('b'));
      let pumping = busy;
      const pump = async (): Promise<void> => {
        while (pumping && a.isOpen) {
          await a.write(Uint8Array.from([0x41])).catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      const pumpDone = pump();
      await p.kill();
      await waitUntil(
        () => lost.length === 2,
        `both ends to see the unplug (round ${round})`,
        10_000,
      );
      pumping = false;
      await pumpDone;
      expect(lost.sort()).toEqual(['a', 'b']);
      expect(a.isOpen).toBe(false);
      await expect(a.write(Uint8Array.from([1]))).rejects.toThrow(/lost/);
      // A short pause, then still exactly one report each.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(lost).toHaveLength(2);
    }
  });

  test('an orderly close is not a loss', async () => {
    const p = await pair();
    const a = await open(p.a);
    const lost: Error[] = [];
    a.onLost((e) => lost.push(e));
    await a.close();
    await a.close();
    expect(a.isOpen).toBe(false);
    await expect(a.write(Uint8Array.from([1]))).rejects.toThrow(/not open/);
    expect(lost).toEqual([]);
  });

  test('open errors name the path and the cause: missing device, busy port', async () => {
    await expect(open('/dev/pts/does-not-exist')).rejects.toThrow(
      /Cannot open serial port \/dev\/pts\/does-not-exist: no such device/,
    );
    const p = await pair();
    await open(p.a);
    await expect(open(p.a)).rejects.toThrow(/busy/);
  });
});
