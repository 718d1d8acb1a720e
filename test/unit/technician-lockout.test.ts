import { mkdtemp, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  JournalEvent,
  JournalEventDataOf,
  JournalEventType,
} from '../../contracts/journal-events';
import { openJournal, type Journal } from '../../main/journal';
import { createEphemeralDeviceKey } from '../../main/keys';
import { openViewStore } from '../../main/views';
import {
  checkTechnicianPin,
  type TechnicianPinDeps,
} from '../../main/technician/check-technician-pin';
import {
  emptyTechnicianLockout,
  LOCK_WAITS_MS,
  lockoutOf,
  reduceTechnicianLockout,
  TechnicianLockoutSchema,
  type TechnicianLockoutState,
} from '../../main/technician/technician-lockout';
import { PIN, roster } from '../fixtures/technician/technician-fixture';

const BADGE = { badgeId: 'badge-0001', technicianId: 'T-1', roles: ['technician'] };
const MIN = 60_000;

/**
 * A journal stand-in that (like the real one) updates the lockout view before an append resolves,
 * and writes every step of the story into one timeline: the moment each append is made durable,
 * and the moment the PIN is compared.
 */
function rig(options: { appendDelayMs?: number } = {}) {
  const timeline: string[] = [];
  const events: { type: string; data: Record<string, unknown> }[] = [];
  let state: TechnicianLockoutState = emptyTechnicianLockout();
  let now = Date.UTC(2026, 2, 10, 12);
  let seq = 0;
  const journal = {
    append: async <T extends JournalEventType>(type: T, data: JournalEventDataOf<T>) => {
      timeline.push(`append ${type} requested`);
      if (options.appendDelayMs) await new Promise((r) => setTimeout(r, options.appendDelayMs));
      seq += 1;
      const event = { seq, type, data } as unknown as JournalEvent;
      state = reduceTechnicianLockout(state, event);
      events.push({ type, data: data as Record<string, unknown> });
      timeline.push(`append ${type} durable`);
      return event as never;
    },
  };
  const deps: TechnicianPinDeps = {
    journal,
    lockout: () => state,
    pinCheckOf: (id) => (id === 'T-1' ? 'check-value' : undefined),
    clock: { now: () => now },
    comparePin: (_check, _id, pin) => {
      timeline.push('compare');
      return pin === PIN;
    },
  };
  return {
    deps,
    timeline,
    events,
    state: () => state,
    advance: (ms: number) => (now += ms),
    now: () => now,
    check: (pin: string) => checkTechnicianPin(deps, { ...BADGE, pin }),
  };
}

describe('technician PIN lockout', () => {
  it('journals the attempt (durably) BEFORE the PIN is compared, for right and wrong PINs', async () => {
    const r = rig({ appendDelayMs: 5 });
    expect(await r.check('000000')).toEqual({ ok: false, reason: 'wrong_pin', attemptsLeft: 2 });
    expect(await r.check(PIN)).toEqual({ ok: true });
    expect(r.timeline).toEqual([
      'append TECH_PIN_ATTEMPT requested',
      'append TECH_PIN_ATTEMPT durable',
      'compare',
      'append TECH_PIN_ATTEMPT requested',
      'append TECH_PIN_ATTEMPT durable',
      'compare',
      'append TECH_LOGIN requested',
      'append TECH_LOGIN durable',
    ]);
    expect(r.events.map((e) => e.data)).toEqual([
      { badgeId: 'badge-0001', technicianId: 'T-1', attempt: 1 },
      { badgeId: 'badge-0001', technicianId: 'T-1', attempt: 2 },
      { badgeId: 'badge-0001', technicianId: 'T-1', roles: ['technician'] },
    ]);
    // No event ever holds what was typed.
    expect(JSON.stringify(r.events)).not.toContain(PIN);
    expect(JSON.stringify(r.events)).not.toContain('000000');
  });

  it('counts an attempt whose compare never finished (a crash after the append)', async () => {
    const r = rig();
    const crashing: TechnicianPinDeps = {
      ...r.deps,
      comparePin: () => {
        throw new Error('power cut during scrypt');
      },
    };
    await expect(checkTechnicianPin(crashing, { ...BADGE, pin: PIN })).rejects.toThrow(/power cut/);
    expect(lockoutOf(r.state(), 'badge-0001').failures).toBe(1);
    expect(await r.check('111111')).toEqual({ ok: false, reason: 'wrong_pin', attemptsLeft: 1 });
  });

  it('locks the badge on the 3rd wrong PIN with escalating waits: 5 min, 30 min, then 24 h', async () => {
    const r = rig();
    const lockOnce = async () => {
      await r.check('000001');
      await r.check('000002');
      return r.check('000003');
    };
    const t0 = r.now();
    expect(await lockOnce()).toEqual({ ok: false, reason: 'locked', lockedUntil: t0 + 5 * MIN });
    expect(r.events.at(-1)).toEqual({
      type: 'TECH_LOCKED',
      data: { badgeId: 'badge-0001', technicianId: 'T-1', until: t0 + 5 * MIN, lockNumber: 1 },
    });

    // While locked, even the right PIN is neither journaled nor compared: no oracle.
    const before = r.timeline.length;
    r.advance(5 * MIN - 1);
    expect(await r.check(PIN)).toEqual({ ok: false, reason: 'locked', lockedUntil: t0 + 5 * MIN });
    expect(r.timeline.length).toBe(before);

    r.advance(1);
    const t1 = r.now();
    expect(await lockOnce()).toEqual({ ok: false, reason: 'locked', lockedUntil: t1 + 30 * MIN });
    r.advance(30 * MIN);
    const t2 = r.now();
    expect(await lockOnce()).toEqual({
      ok: false,
      reason: 'locked',
      lockedUntil: t2 + 24 * 60 * MIN,
    });
    r.advance(24 * 60 * MIN);
    const t3 = r.now();
    expect(await lockOnce()).toEqual({
      ok: false,
      reason: 'locked',
      lockedUntil: t3 + 24 * 60 * MIN,
    });
    expect(LOCK_WAITS_MS).toEqual([5 * MIN, 30 * MIN, 24 * 60 * MIN]);
    expect(r.events.filter((e) => e.type === 'TECH_LOCKED').map((e) => e.data.lockNumber)).toEqual([
      1, 2, 3, 4,
    ]);

    // A successful login forgets the failures and the escalation.
    r.advance(24 * 60 * MIN);
    expect(await r.check(PIN)).toEqual({ ok: true });
    expect(lockoutOf(r.state(), 'badge-0001')).toMatchObject({
      failures: 0,
      locks: 0,
      lockedUntil: null,
    });
    const t4 = r.now();
    expect(await lockOnce()).toEqual({ ok: false, reason: 'locked', lockedUntil: t4 + 5 * MIN });
  });

  it('locks at once, without a compare, when 3 attempts were journaled but their lock was not', async () => {
    const r = rig();
    for (const attempt of [1, 2, 3]) {
      await r.deps.journal.append('TECH_PIN_ATTEMPT', {
        badgeId: 'badge-0001',
        technicianId: 'T-1',
        attempt,
      });
    }
    const before = r.timeline.filter((t) => t === 'compare').length;
    expect(await r.check(PIN)).toEqual({
      ok: false,
      reason: 'locked',
      lockedUntil: r.now() + 5 * MIN,
    });
    expect(r.timeline.filter((t) => t === 'compare').length).toBe(before);
    expect(r.events.at(-1)?.type).toBe('TECH_LOCKED');
  });

  it('keeps badges apart', async () => {
    const r = rig();
    for (const pin of ['1', '2', '3']) await r.check(pin.repeat(6));
    expect(await checkTechnicianPin(r.deps, { ...BADGE, badgeId: 'badge-0002', pin: PIN })).toEqual(
      { ok: true },
    );
  });
});

describe('lockout persisted in the real journal', () => {
  let dir: string;
  const key = createEphemeralDeviceKey();
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tech-lockout-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const open = async (now: () => number) => {
    const opened = await openJournal({
      dir: path.join(dir, 'journal'),
      signer: key,
      clock: { now, setTimeout, clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    });
    if (!opened.ok) throw new Error(JSON.stringify(opened.error));
    const view = await openViewStore({
      file: path.join(dir, 'views', 'technician-lockout.json'),
      journal: opened.value,
      initial: emptyTechnicianLockout,
      reduce: reduceTechnicianLockout,
      schema: TechnicianLockoutSchema,
    });
    return { journal: opened.value as Journal, view };
  };

  it('restores the lock after a restart, from the view file and from a fresh fold of the journal', async () => {
    let now = Date.UTC(2026, 2, 10, 12);
    const clockNow = () => now;
    const first = await open(clockNow);
    const deps: TechnicianPinDeps = {
      journal: first.journal,
      lockout: () => first.view.state,
      pinCheckOf: () => roster.technicians[0]?.pin,
      clock: { now: clockNow },
    };
    // The real scrypt compare, three times.
    for (const pin of ['111111', '222222', '333333'])
      await checkTechnicianPin(deps, { ...BADGE, pin });
    const until = now + 5 * MIN;
    expect(lockoutOf(first.view.state, 'badge-0001').lockedUntil).toBe(until);
    await first.view.close();
    await first.journal.close();

    // A fresh reducer over the same journal restores the lock exactly.
    const second = await open(clockNow);
    const folded = (await second.journal.readAll()).reduce(
      reduceTechnicianLockout,
      emptyTechnicianLockout(),
    );
    expect(lockoutOf(folded, 'badge-0001')).toEqual({
      failures: 0,
      locks: 1,
      lockedUntil: until,
      technicianId: 'T-1',
    });
    expect(second.view.state).toEqual(folded);
    expect(second.view.opened.from).toBe('file');
    now += MIN;
    const stillLocked = await checkTechnicianPin(
      { ...deps, journal: second.journal, lockout: () => second.view.state },
      { ...BADGE, pin: PIN },
    );
    expect(stillLocked).toEqual({ ok: false, reason: 'locked', lockedUntil: until });
    await second.view.close();
    await second.journal.close();

    // A lost view file (power cut, corruption) is rebuilt from the journal: still locked.
    await unlink(path.join(dir, 'views', 'technician-lockout.json'));
    const third = await open(clockNow);
    expect(third.view.opened.from).toBe('rebuild');
    expect(lockoutOf(third.view.state, 'badge-0001').lockedUntil).toBe(until);
    now = until;
    expect(
      await checkTechnicianPin(
        { ...deps, journal: third.journal, lockout: () => third.view.state },
        { ...BADGE, pin: PIN },
      ),
    ).toEqual({ ok: true });
    await third.view.close();
    await third.journal.close();
  });
});
