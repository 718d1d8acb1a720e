import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, SimulatedClock } from 'xstate';
import {
  deviceSupervisorMachine,
  reopenDelayMs,
  SUPERVISOR_DELAYS,
  supervisorLink,
  type SupervisorEvent,
} from '../../state-machines/device-supervisor';

const flush = () => new Promise((r) => setTimeout(r, 0));

function start(openResults: boolean[]) {
  const clock = new SimulatedClock();
  const log: string[] = [];
  let sendToSupervisor: ((e: SupervisorEvent) => void) | null = null;
  const results = [...openResults];
  const actor = createActor(
    deviceSupervisorMachine.provide({
      actors: {
        openDevice: fromPromise(async () => {
          const ok = results.shift() ?? true;
          log.push(ok ? 'open ok' : 'open failed');
          if (!ok) throw new Error('cannot lock port: busy');
        }),
        watchDevice: fromCallback<SupervisorEvent, { device: string }>(({ sendBack }) => {
          sendToSupervisor = sendBack;
          log.push('watch');
          return () => log.push('unwatch');
        }),
        closeDevice: fromPromise(async () => {
          log.push('close');
        }),
      },
    }),
    { input: { device: 'dispenser' }, clock },
  );
  actor.start();
  const link = () => supervisorLink(actor.getSnapshot().value);
  return { actor, clock, log, link, emit: (e: SupervisorEvent) => sendToSupervisor!(e) };
}

describe('deviceSupervisor', () => {
  it('opens, degrades and recovers, and after a loss reopens with backoff', async () => {
    const s = start([true, false, false, true]);
    expect(s.link()).toBe('closed');
    s.actor.send({ type: 'START' });
    await flush();
    expect(s.link()).toBe('ready');
    s.emit({ type: 'DEGRADED', detail: 'no POLL for 1 s' });
    expect(s.link()).toBe('degraded');
    s.emit({ type: 'HEALTHY' });
    expect(s.link()).toBe('ready');

    s.emit({ type: 'LOST', detail: 'EIO' });
    await flush();
    expect(s.link()).toBe('lost');
    expect(s.actor.getSnapshot().context.lastError).toBe('EIO');
    s.clock.increment(reopenDelayMs(1));
    await flush();
    expect(s.link()).toBe('lost'); // busy port: another backoff, twice as long
    expect(s.actor.getSnapshot().context.lastError).toMatch(/busy/);
    s.clock.increment(reopenDelayMs(2) - 1);
    await flush();
    expect(s.log.filter((l) => l.startsWith('open'))).toHaveLength(2); // not a millisecond early
    s.clock.increment(1);
    await flush();
    expect(s.log.filter((l) => l.startsWith('open'))).toHaveLength(3);
    s.clock.increment(reopenDelayMs(3));
    await flush();
    expect(s.link()).toBe('ready');
    expect(s.actor.getSnapshot().context.reconnects).toBe(1);
    expect(s.log).toEqual([
      'open ok',
      'watch',
      'unwatch',
      'close',
      'open failed',
      'open failed',
      'open ok',
      'watch',
    ]);
  });

  it('caps the backoff', () => {
    expect(reopenDelayMs(1)).toBe(SUPERVISOR_DELAYS.REOPEN_FIRST_MS);
    expect(reopenDelayMs(2)).toBe(SUPERVISOR_DELAYS.REOPEN_FIRST_MS * 2);
    expect(reopenDelayMs(50)).toBe(SUPERVISOR_DELAYS.REOPEN_MAX_MS);
  });

  it('stops cleanly from any state', async () => {
    const s = start([true]);
    s.actor.send({ type: 'START' });
    await flush();
    s.actor.send({ type: 'STOP' });
    await flush();
    expect(s.link()).toBe('closed');
    expect(s.log).toEqual(['open ok', 'watch', 'unwatch', 'close']);
  });
});
