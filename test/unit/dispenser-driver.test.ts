import { afterEach, describe, expect, test } from 'vitest';
import { createManualClock, type ManualClock } from '../../contracts/clock';
import { encodeFrame, toHex, type Frame } from '../../hardware/dispenser/codec';
import {
  DispenserDriver,
  type DispenseReport,
  type DispenseRequest,
  type DispenserDriverOptions,
  type LateStatus,
  type LinkChange,
} from '../../hardware/dispenser/driver';
import {
  createMemoryTransportPair,
  type MemoryTransport,
} from '../../hardware/transports/memory-transport';

// Byte-exact driver tests: the test plays the VMC board on the other end of a memory pair, writes
// the board's exact bytes and asserts the exact bytes the driver writes back.

const POLL = 'FA FB 41 00 40';
const ACK = 'FA FB 42 00 43';
const hex = (frame: Frame): string => toHex(encodeFrame(frame));
const bytes = (h: string): Uint8Array => Uint8Array.from(h.split(' ').map((b) => parseInt(b, 16)));
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const REQ: DispenseRequest = { dispenseId: 42, selection: 11, dropSensor: true, elevator: false };

interface Harness {
  clock: ManualClock;
  host: MemoryTransport;
  board: MemoryTransport;
  driver: DispenserDriver;
  /** Hex of every chunk the driver wrote since the last call. */
  written(): string[];
  /** The board sends these bytes; resolves once the driver has reacted. */
  vmc(h: string): Promise<void>;
  links: LinkChange[];
  persisted: DispenseReport[];
  persist: (r: DispenseReport) => Promise<void>;
}

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.driver.stop();
});

async function harness(options: DispenserDriverOptions = {}): Promise<Harness> {
  const clock = createManualClock();
  const [host, board] = createMemoryTransportPair({ name: 'driver-test' });
  await host.open();
  await board.open();
  const driver = new DispenserDriver({
    transport: host,
    clock,
    supportsDispenseId: true,
    ...options,
  });
  const out: string[] = [];
  board.onData((chunk) => out.push(toHex(chunk)));
  const links: LinkChange[] = [];
  driver.onLink((c) => links.push(c));
  driver.start();
  const persisted: DispenseReport[] = [];
  const h: Harness = {
    clock,
    host,
    board,
    driver,
    written: () => out.splice(0),
    vmc: async (data) => {
      await h.board.write(bytes(data));
      await settle();
    },
    links,
    persisted,
    persist: async (r) => {
      persisted.push(r);
    },
  };
  harnesses.push(h);
  return h;
}

/** Reattaches the harness to a fresh pair (the port reopened after an unplug). */
async function replug(h: Harness): Promise<void> {
  const [host, board] = createMemoryTransportPair({ name: 'driver-test-2' });
  await host.open();
  await board.open();
  const out: string[] = [];
  board.onData((chunk) => out.push(toHex(chunk)));
  h.host = host;
  h.board = board;
  h.written = () => out.splice(0);
  h.driver.attach(host);
}

describe('dispenser driver: answering the board', () => {
  test('the link is down until the first POLL, which is answered with exactly ACK', async () => {
    const h = await harness();
    expect(h.driver.link).toBe('down');
    await h.vmc(POLL);
    expect(h.written()).toEqual([ACK]);
    expect(h.driver.link).toBe('up');
    expect(h.links.map((l) => l.state)).toEqual(['up']);
  });

  test('a 0xE6 drive goes out on the next POLL with PackNO 1 and the dispenseId big-endian', async () => {
    const h = await harness();
    await h.vmc(POLL);
    h.written();
    const done = h.driver.dispense(REQ, { persistResult: h.persist });
    await h.vmc(POLL);
    // FA FB E6 LEN=09 PackNO=01 dispenseId=00 00 00 2A dropSensor=01 elevator=00 sel=00 0B XOR
    expect(h.written()).toEqual(['FA FB E6 09 01 00 00 00 2A 01 00 00 0B CF']);
    await h.vmc(ACK);
    await h.vmc(
      hex({ kind: 'DRIVE_ONCE_STATUS', packNo: 1, dispenseId: 42, status: 0x01, selection: 11 }),
    );
    expect(h.written()).toEqual([ACK]);
    await h.vmc(
      hex({ kind: 'DRIVE_ONCE_STATUS', packNo: 2, dispenseId: 42, status: 0x02, selection: 11 }),
    );
    expect(h.written()).toEqual([ACK]);
    const report = await done;
    expect(report).toEqual({
      outcome: 'SUCCESS',
      statusCode: 0x02,
      detail: 'board status 0x02: dispensed successfully',
      sent: true,
    });
    expect(h.persisted).toEqual([report]);
  });

  test('without 0xE6 support the drive is a 0x06 with the drop sensor on', async () => {
    const h = await harness({ supportsDispenseId: false });
    await h.vmc(POLL);
    h.written();
    const done = h.driver.dispense(
      { ...REQ, dropSensor: false, elevator: true },
      { persistResult: h.persist },
    );
    await h.vmc(POLL);
    expect(h.written()).toEqual(['FA FB 06 05 01 01 01 00 0B 08']);
    await h.vmc(ACK);
    await h.vmc(hex({ kind: 'DISPENSING_STATUS', packNo: 1, status: 0x03, selection: 11 }));
    expect((await done).outcome).toBe('FAIL_JAM');
  });

  test('an unacknowledged command is resent with the same PackNO, 5 sends in all, then LINK_FAULT → UNCERTAIN', async () => {
    const h = await harness();
    await h.vmc(POLL);
    h.written();
    const done = h.driver.dispense(REQ, { persistResult: h.persist });
    const drive = 'FA FB E6 09 01 00 00 00 2A 01 00 00 0B CF';
    for (let send = 1; send <= 5; send++) {
      await h.vmc(POLL);
      expect(h.written(), `send ${send}`).toEqual([drive]);
    }
    await h.vmc(POLL);
    expect(h.written()).toEqual([ACK]);
    const report = await done;
    expect(report.outcome).toBe('UNCERTAIN');
    expect(report.sent).toBe(true);
    expect(report.detail).toMatch(/LINK_FAULT.*5 times/);
    expect(h.persisted).toEqual([report]);

    // The given-up exchange still advanced PackNO: the next command carries 2, never 1 again.
    const next = h.driver.dispense({ ...REQ, dispenseId: 43 }, { persistResult: h.persist });
    await h.vmc(POLL);
    expect(h.written()).toEqual([hex({ ...driveOnce(43), packNo: 2 })]);
    await h.vmc(ACK);
    await h.vmc(
      hex({ kind: 'DRIVE_ONCE_STATUS', packNo: 9, dispenseId: 43, status: 0x02, selection: 11 }),
    );
    expect((await next).outcome).toBe('SUCCESS');
  });

  test('PackNO runs 1..255 and wraps to 1, never 0', async () => {
    const h = await harness();
    await h.vmc(POLL);
    h.written();
    const seen: number[] = [];
    for (let i = 0; i < 257; i++) {
      const pending = h.driver.requestLiftStatus();
      await h.vmc(POLL);
      const [sent] = h.written();
      seen.push(parseInt(sent?.split(' ')[4] ?? 'x', 16));
      await h.vmc(ACK);
      await h.vmc(hex({ kind: 'LIFT_STATUS', packNo: (i % 255) + 1, status: 0 }));
      h.written();
      expect((await pending).ok).toBe(true);
    }
    expect(seen.slice(0, 3)).toEqual([1, 2, 3]);
    expect(seen.slice(253)).toEqual([254, 255, 1, 2]);
    expect(seen).not.toContain(0);
  });

  test('a duplicate status frame is ACKed again but not processed twice', async () => {
    const h = await harness();
    await h.vmc(POLL);
    const done = h.driver.dispense(REQ, { persistResult: h.persist });
    await h.vmc(POLL);
    await h.vmc(ACK);
    h.written();
    const final = hex({
      kind: 'DRIVE_ONCE_STATUS',
      packNo: 3,
      dispenseId: 42,
      status: 0x03,
      selection: 11,
    });
    await h.vmc(final);
    await h.vmc(final);
    expect(h.written()).toEqual([ACK, ACK]);
    await done;
    expect(h.persisted.map((r) => r.outcome)).toEqual(['FAIL_JAM']);
  });

  test('the final status is ACKed only after persistResult resolves; repeats meanwhile get no ACK', async () => {
    const h = await harness();
    await h.vmc(POLL);
    let release: () => void = () => undefined;
    const order: string[] = [];
    const persistResult = (r: DispenseReport): Promise<void> =>
      new Promise<void>((resolve) => {
        order.push(`persist ${r.outcome}`);
        release = () => {
          order.push('durable');
          resolve();
        };
      });
    h.board.onData((chunk) => {
      if (toHex(chunk) === ACK) order.push('ACK');
    });
    const done = h.driver.dispense(REQ, { persistResult });
    await h.vmc(POLL);
    await h.vmc(ACK);
    h.written();
    order.length = 0;
    const final = hex({
      kind: 'DRIVE_ONCE_STATUS',
      packNo: 1,
      dispenseId: 42,
      status: 0x02,
      selection: 11,
    });
    await h.vmc(final);
    await h.vmc(final); // the board resends: our ACK is held back
    expect(h.written()).toEqual([]);
    expect(order).toEqual(['persist SUCCESS']);
    release();
    await done;
    await settle();
    expect(order).toEqual(['persist SUCCESS', 'durable', 'ACK']);
    expect(h.written()).toEqual([ACK]);
    await h.vmc(final); // a later repeat is a plain duplicate: ACK again
    expect(h.written()).toEqual([ACK]);
  });

  test('a status for our drive counts as its ACK (lost ACK, variant A): no resend', async () => {
    const h = await harness();
    await h.vmc(POLL);
    const done = h.driver.dispense(REQ, { persistResult: h.persist });
    await h.vmc(POLL);
    h.written();
    await h.vmc(
      hex({ kind: 'DRIVE_ONCE_STATUS', packNo: 1, dispenseId: 42, status: 0x01, selection: 11 }),
    );
    await h.vmc(POLL);
    expect(h.written()).toEqual([ACK, ACK]);
    await h.vmc(
      hex({ kind: 'DRIVE_ONCE_STATUS', packNo: 2, dispenseId: 42, status: 0x02, selection: 11 }),
    );
    expect((await done).outcome).toBe('SUCCESS');
  });

  test('a status for no dispense in progress is ACKed and reported as late', async () => {
    const h = await harness();
    const late: LateStatus[] = [];
    h.driver.onLateStatus((s) => late.push(s));
    await h.vmc(POLL);
    h.written();
    await h.vmc(
      hex({ kind: 'DRIVE_ONCE_STATUS', packNo: 4, dispenseId: 7, status: 0x02, selection: 3 }),
    );
    expect(h.written()).toEqual([ACK]);
    expect(late).toEqual([{ selection: 3, dispenseId: 7, statusCode: 2, outcome: 'SUCCESS' }]);
  });

  test('no final status within 30 s → UNCERTAIN (60 s with an elevator)', async () => {
    const h = await harness();
    await h.vmc(POLL);
    const done = h.driver.dispense({ ...REQ, elevator: true }, { persistResult: h.persist });
    await h.vmc(POLL);
    await h.vmc(ACK);
    // Keep the link alive while the deadline runs.
    for (let t = 0; t < 59_800; t += 200) {
      h.clock.advance(200);
      await h.vmc(POLL);
    }
    expect(h.persisted).toEqual([]);
    h.clock.advance(400);
    const report = await done;
    expect(report).toMatchObject({ outcome: 'UNCERTAIN', sent: true });
    expect(report.detail).toMatch(/60 s/);
  });

  test('no POLL for 1 s → degraded, 3 s → down; a dispense is then refused at once and persisted', async () => {
    const h = await harness();
    await h.vmc(POLL);
    h.clock.advance(999);
    expect(h.driver.link).toBe('up');
    h.clock.advance(1);
    expect(h.driver.link).toBe('degraded');
    h.clock.advance(2000);
    expect(h.driver.link).toBe('down');
    expect(h.links.map((l) => `${l.state}:${l.reason}`)).toEqual([
      'up:poll',
      'degraded:noPoll',
      'down:noPoll',
    ]);
    const report = await h.driver.dispense(REQ, { persistResult: h.persist });
    expect(report).toMatchObject({ outcome: 'FAIL_ABORTED', sent: false });
    expect(report.detail).toMatch(/link is down/);
    expect(h.persisted).toEqual([report]);
    expect(h.written()).toEqual([ACK]);
    await h.vmc(POLL);
    expect(h.driver.link).toBe('up');
  });

  test('a drive queued while degraded and never sent is failed when the link goes down', async () => {
    const h = await harness();
    await h.vmc(POLL);
    h.clock.advance(1500);
    expect(h.driver.link).toBe('degraded');
    const done = h.driver.dispense(REQ, { persistResult: h.persist });
    h.clock.advance(1500);
    const report = await done;
    expect(report).toMatchObject({ outcome: 'FAIL_ABORTED', sent: false });
  });

  test('a second dispense while one is in progress is refused', async () => {
    const h = await harness();
    await h.vmc(POLL);
    const first = h.driver.dispense(REQ, { persistResult: h.persist });
    const second = await h.driver.dispense(
      { ...REQ, dispenseId: 43 },
      { persistResult: h.persist },
    );
    expect(second).toMatchObject({ outcome: 'FAIL_ABORTED', sent: false });
    expect(second.detail).toMatch(/42 is still in progress/);
    await h.vmc(POLL);
    await h.vmc(ACK);
    await h.vmc(
      hex({ kind: 'DRIVE_ONCE_STATUS', packNo: 1, dispenseId: 42, status: 0x02, selection: 11 }),
    );
    expect((await first).outcome).toBe('SUCCESS');
  });

  test('unplug during a 0x06 drive ends UNCERTAIN at once; it is never resent', async () => {
    const h = await harness({ supportsDispenseId: false });
    await h.vmc(POLL);
    const done = h.driver.dispense(REQ, { persistResult: h.persist });
    await h.vmc(POLL);
    await h.vmc(ACK);
    h.host.simulateLoss(new Error('EIO'));
    const report = await done;
    expect(report).toMatchObject({ outcome: 'UNCERTAIN', sent: true });
    expect(report.detail).toMatch(/never retried/);
    expect(h.driver.link).toBe('down');
    expect(h.links.at(-1)).toMatchObject({ state: 'down', reason: 'transportLost' });

    await replug(h);
    await h.vmc(POLL);
    expect(h.written()).toEqual([ACK]);
  });

  test('unplug during a 0xE6 drive: after re-attach the same dispenseId is resent, duplicate memory reset', async () => {
    const h = await harness();
    await h.vmc(POLL);
    const done = h.driver.dispense(REQ, { persistResult: h.persist });
    await h.vmc(POLL);
    await h.vmc(ACK);
    await h.vmc(
      hex({ kind: 'DRIVE_ONCE_STATUS', packNo: 1, dispenseId: 42, status: 0x01, selection: 11 }),
    );
    h.host.simulateLoss(new Error('EIO'));
    await settle();
    expect(h.persisted).toEqual([]);

    await replug(h);
    await h.vmc(POLL);
    // New PackNO (2), same dispenseId (42).
    expect(h.written()).toEqual([hex({ ...driveOnce(42), packNo: 2 })]);
    await h.vmc(ACK);
    // The reopened board restarts its PackNO at 1: not a duplicate of the frame accepted before.
    await h.vmc(
      hex({ kind: 'DRIVE_ONCE_STATUS', packNo: 1, dispenseId: 42, status: 0x02, selection: 11 }),
    );
    expect(h.written()).toEqual([ACK]);
    expect((await done).outcome).toBe('SUCCESS');
  });

  test('an unplugged 0xE6 that never comes back ends UNCERTAIN at its deadline', async () => {
    const h = await harness();
    await h.vmc(POLL);
    const done = h.driver.dispense(REQ, { persistResult: h.persist });
    await h.vmc(POLL);
    h.host.simulateLoss(new Error('EIO'));
    h.clock.advance(30_000);
    expect(await done).toMatchObject({ outcome: 'UNCERTAIN', sent: true });
  });

  test('0x51 → 0x52 gives door and temperature', async () => {
    const h = await harness();
    await h.vmc(POLL);
    h.written();
    const pending = h.driver.requestMachineStatus();
    await h.vmc(POLL);
    expect(h.written()).toEqual(['FA FB 51 01 01 50']);
    await h.vmc(ACK);
    await h.vmc(
      hex({
        kind: 'MACHINE_STATUS',
        packNo: 1,
        bill: 0,
        coin: 0,
        card: 0,
        tempControl: 0,
        door: 1,
        billChange: 0,
        coinChange: 0,
        machineId: new Uint8Array(10),
        temperature: 312,
        setpoint: 220,
        humidity: 400,
      }),
    );
    expect(h.written()).toEqual([ACK]);
    expect(await pending).toEqual({
      ok: true,
      value: {
        door: 'open',
        temperatureC: 31.2,
        setpointC: 22,
        humidityPct: 40,
        temperatureControl: 'ok',
        machineId: '',
      },
    });
  });

  test('a status request with no answer times out; one while the link is down fails at once', async () => {
    const h = await harness({ replyTimeoutMs: 3000 });
    expect(await h.driver.requestMachineStatus()).toMatchObject({
      ok: false,
      error: { code: 'LINK_DOWN' },
    });
    await h.vmc(POLL);
    const pending = h.driver.requestMachineStatus();
    await h.vmc(POLL);
    await h.vmc(ACK);
    h.clock.advance(3000);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
  });

  test('stop() during a sent drive ends it UNCERTAIN and closes the port', async () => {
    const h = await harness();
    await h.vmc(POLL);
    const done = h.driver.dispense(REQ, { persistResult: h.persist });
    await h.vmc(POLL);
    await h.driver.stop();
    expect(await done).toMatchObject({ outcome: 'UNCERTAIN', sent: true });
    expect(h.host.isOpen).toBe(false);
  });

  test('garbage and a corrupted POLL get no answer; the next good POLL does', async () => {
    const h = await harness();
    await h.vmc('00 FA FB 41 00 41');
    expect(h.written()).toEqual([]);
    h.clock.advance(200);
    await h.vmc(POLL);
    expect(h.written()).toEqual([ACK]);
  });
});

function driveOnce(dispenseId: number): Extract<Frame, { kind: 'DRIVE_ONCE' }> {
  return {
    kind: 'DRIVE_ONCE',
    packNo: 1,
    dispenseId,
    dropSensor: true,
    elevator: false,
    selection: 11,
  };
}
