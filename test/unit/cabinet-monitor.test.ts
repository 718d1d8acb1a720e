import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../contracts/clock';
import { ok } from '../../contracts/result';
import type { MachineStatus } from '../../hardware/dispenser/status';
import { CabinetMonitor, type CabinetReading } from '../../main/cabinet/cabinet-monitor';

function board(initial: Partial<MachineStatus> = {}) {
  let status: MachineStatus = {
    door: 'closed',
    temperatureC: 21.5,
    setpointC: 20,
    humidityPct: 40,
    temperatureControl: 'ok',
    machineId: 'SIM',
    ...initial,
  };
  return {
    link: 'up' as const,
    requestMachineStatus: async () => ok(status),
    set: (s: Partial<MachineStatus>) => (status = { ...status, ...s }),
  };
}

describe('CabinetMonitor', () => {
  it('records the first reading, a door change at once, and otherwise one reading per interval', async () => {
    const clock = createManualClock();
    const b = board();
    const recorded: CabinetReading[] = [];
    const monitor = new CabinetMonitor({
      driver: b,
      clock,
      record: async (r) => void recorded.push(r),
      recordEveryMs: 300_000,
    });
    await monitor.poll();
    await monitor.poll();
    expect(recorded).toEqual([
      { temperatureC: 21.5, setpointC: 20, door: 'closed', temperatureControl: 'ok' },
    ]);
    b.set({ door: 'open' });
    await monitor.poll();
    expect(recorded.at(-1)?.door).toBe('open');
    b.set({ temperatureC: 22 });
    clock.advance(299_999);
    await monitor.poll();
    expect(recorded).toHaveLength(2);
    clock.advance(1);
    await monitor.poll();
    expect(recorded).toHaveLength(3);
    expect(recorded.at(-1)?.temperatureC).toBe(22);
  });

  it('records a missing sensor as null', async () => {
    const recorded: CabinetReading[] = [];
    const monitor = new CabinetMonitor({
      driver: board({ temperatureC: null }),
      clock: createManualClock(),
      record: async (r) => void recorded.push(r),
    });
    await monitor.poll();
    expect(recorded[0]?.temperatureC).toBeNull();
  });
});
