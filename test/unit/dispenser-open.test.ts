import { describe, expect, test } from 'vitest';
import { createManualClock } from '../../contracts/clock';
import { DispenserSimulator, openDispenser } from '../../hardware/dispenser';
import { createMemoryTransportPair } from '../../hardware/transports/memory-transport';

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('openDispenser', () => {
  test('with a given transport: opens it, starts the driver, reopen uses reopenTransport', async () => {
    const clock = createManualClock();
    const [host, board] = createMemoryTransportPair();
    await board.open();
    const sim = new DispenserSimulator({ transport: board, clock, slots: { 3: { stock: 2 } } });
    sim.start();
    let next: ReturnType<typeof createMemoryTransportPair> | undefined;
    const opened = await openDispenser({
      kind: 'transport',
      transport: host,
      clock,
      supportsDispenseId: true,
      reopenTransport: async () => {
        next = createMemoryTransportPair();
        await next[1].open();
        sim.attach(next[1]);
        return next[0];
      },
    });
    expect(host.isOpen).toBe(true);
    for (let i = 0; i < 30; i++) {
      clock.advance(10);
      await settle();
    }
    expect(opened.driver.link).toBe('up');

    host.simulateLoss();
    board.simulateLoss();
    expect(opened.driver.link).toBe('down');
    await opened.reopen();
    for (let i = 0; i < 30; i++) {
      clock.advance(10);
      await settle();
    }
    expect(next?.[0].isOpen).toBe(true);
    expect(opened.driver.link).toBe('up');
    await opened.close();
    await sim.stop();
    expect(next?.[0].isOpen).toBe(false);
  });

  test('without reopenTransport, reopen of a given transport rejects clearly', async () => {
    const [host] = createMemoryTransportPair({ name: 'x' });
    const opened = await openDispenser({
      kind: 'transport',
      transport: host,
      clock: createManualClock(),
    });
    await expect(opened.reopen()).rejects.toThrow(/memory:x:a cannot be reopened/);
    await opened.close();
  });

  test('a serial port that does not exist rejects with the path and the cause', async () => {
    await expect(openDispenser({ kind: 'serial', path: '/dev/ttyNOPE0' })).rejects.toThrow(
      /Cannot open serial port \/dev\/ttyNOPE0: no such device/,
    );
  });
});
