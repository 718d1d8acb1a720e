import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock, waitFor } from 'xstate';
import type {
  JournalEvent,
  JournalEventDataOf,
  JournalEventType,
} from '../../contracts/journal-events';
import type { Diagnostics } from '../../main/diagnostics/diagnostics-service';
import { provideDiagnosticsEffects } from '../../main/technician/diagnostics-effects';
import {
  emptyTechnicianLockout,
  reduceTechnicianLockout,
  type TechnicianLockoutState,
} from '../../main/technician/technician-lockout';
import { diagnosticsMachine, diagnosticsViewOf } from '../../state-machines/diagnostics';
import {
  DAY_S,
  issueBadge,
  NOW,
  NOW_S,
  PIN,
  revocationOf,
  roster,
  trustWith,
} from '../fixtures/technician/technician-fixture';

/**
 * The machine with main's real effects (badge verification, lockout, journaling) over a journal
 * stand-in: what main/app.ts will wire, short of the devices.
 */
function kiosk(options: { revoked?: string[] } = {}) {
  const events: { type: string; data: Record<string, unknown> }[] = [];
  let lockout: TechnicianLockoutState = emptyTechnicianLockout();
  let seq = 0;
  const journal = {
    append: async <T extends JournalEventType>(type: T, data: JournalEventDataOf<T>) => {
      const event = { seq: ++seq, type, data } as unknown as JournalEvent;
      lockout = reduceTechnicianLockout(lockout, event);
      events.push({ type, data: data as Record<string, unknown> });
      return event as never;
    },
  };
  const exportedTo: string[] = [];
  const diagnostics: Diagnostics = {
    selfTest: async () => {
      throw new Error('not used here');
    },
    exportBundle: async ({ outDir }) => {
      exportedTo.push(outDir);
      return { ok: false, error: 'disk full' };
    },
  };
  const clock = new SimulatedClock();
  clock.set(NOW);
  const actor = createActor(
    diagnosticsMachine.provide(
      provideDiagnosticsEffects({
        journal,
        clock,
        trust: () => trustWith(),
        revocation: () => (options.revoked ? revocationOf(options.revoked) : undefined),
        roster: () => roster,
        lockout: () => lockout,
        diagnostics,
        exportTargets: async () => ['/media/tech/USB'],
      }),
    ),
    { clock },
  );
  actor.start();
  const step = () => diagnosticsViewOf(actor.getSnapshot()).step;
  const settle = () =>
    waitFor(actor, (s) => !['checking_badge', 'checking_pin'].includes(diagnosticsViewOf(s).step));
  return { actor, events, clock, step, settle, exportedTo };
}

describe('technician login with the real badge, roster and lockout', () => {
  it('logs in with the roster PIN and journals every step with the technician id', async () => {
    const k = kiosk();
    k.actor.send({ type: 'BADGE_SCANNED', text: issueBadge().qrText });
    await k.settle();
    expect(k.step()).toBe('pin');
    k.actor.send({ type: 'SUBMIT_PIN', pin: '000000' });
    await k.settle();
    k.actor.send({ type: 'SUBMIT_PIN', pin: PIN });
    await k.settle();
    expect(k.step()).toBe('panel');
    k.actor.send({ type: 'LOGOUT' });
    await new Promise((r) => setTimeout(r, 0));
    expect(k.events).toEqual([
      {
        type: 'TECH_PIN_ATTEMPT',
        data: { badgeId: 'badge-0001', technicianId: 'T-1', attempt: 1 },
      },
      {
        type: 'TECH_PIN_ATTEMPT',
        data: { badgeId: 'badge-0001', technicianId: 'T-1', attempt: 2 },
      },
      {
        type: 'TECH_LOGIN',
        data: { badgeId: 'badge-0001', technicianId: 'T-1', roles: ['technician'] },
      },
      { type: 'TECH_LOGOUT', data: { badgeId: 'badge-0001', technicianId: 'T-1', reason: 'user' } },
    ]);
  });

  it('locks the badge after 3 wrong PINs; a rescan is refused until the wait is over', async () => {
    const k = kiosk();
    const badge = issueBadge().qrText;
    k.actor.send({ type: 'BADGE_SCANNED', text: badge });
    await k.settle();
    for (const pin of ['111111', '222222', '333333']) {
      k.actor.send({ type: 'SUBMIT_PIN', pin });
      await k.settle();
    }
    expect(diagnosticsViewOf(k.actor.getSnapshot())).toMatchObject({
      step: 'locked_out',
      lockedUntil: NOW + 5 * 60_000,
    });
    expect(k.events.at(-1)).toMatchObject({
      type: 'TECH_LOCKED',
      data: { lockNumber: 1, until: NOW + 5 * 60_000 },
    });
    k.actor.send({ type: 'CANCEL' });
    k.actor.send({ type: 'BADGE_SCANNED', text: badge });
    await k.settle();
    expect(k.step()).toBe('locked_out');
    k.clock.increment(5 * 60_000);
    k.actor.send({ type: 'CANCEL' });
    k.actor.send({ type: 'BADGE_SCANNED', text: badge });
    await k.settle();
    expect(diagnosticsViewOf(k.actor.getSnapshot())).toMatchObject({
      step: 'pin',
      attemptsLeft: 3,
    });
  });

  it('refuses an expired or revoked badge with the reason, journaled, and asks for no PIN', async () => {
    const expired = kiosk();
    expired.actor.send({
      type: 'BADGE_SCANNED',
      text: issueBadge({ nbf: NOW_S - 40 * DAY_S, exp: NOW_S - DAY_S }).qrText,
    });
    await expired.settle();
    expect(diagnosticsViewOf(expired.actor.getSnapshot())).toMatchObject({
      step: 'refused',
      refusal: { reason: 'expired' },
    });
    expect(expired.events).toEqual([
      {
        type: 'TECH_BADGE_REFUSED',
        data: {
          reason: 'expired',
          detail: expect.stringMatching(/^expired /),
          badgeId: 'badge-0001',
        },
      },
    ]);

    const revoked = kiosk({ revoked: ['badge-0001'] });
    revoked.actor.send({ type: 'BADGE_SCANNED', text: issueBadge().qrText });
    await revoked.settle();
    expect(diagnosticsViewOf(revoked.actor.getSnapshot()).refusal).toMatchObject({
      reason: 'revoked',
    });
    expect(revoked.events.map((e) => e.type)).toEqual(['TECH_BADGE_REFUSED']);
  });

  it('writes a bundle only to a directory main offered, never to a path the screen made up', async () => {
    const k = kiosk();
    k.actor.send({ type: 'BADGE_SCANNED', text: issueBadge().qrText });
    await k.settle();
    k.actor.send({ type: 'SUBMIT_PIN', pin: PIN });
    await k.settle();
    k.actor.send({ type: 'EXPORT_BUNDLE', outDir: '/etc' });
    await waitFor(k.actor, (s) => diagnosticsViewOf(s).bundle.state === 'failed');
    expect(diagnosticsViewOf(k.actor.getSnapshot()).bundle.error).toBe(
      'that directory is not an offered USB drive',
    );
    k.actor.send({ type: 'EXPORT_BUNDLE', outDir: '/media/tech/USB' });
    await waitFor(k.actor, (s) => diagnosticsViewOf(s).bundle.error === 'disk full');
    expect(k.exportedTo).toEqual(['/media/tech/USB']);
  });
});
