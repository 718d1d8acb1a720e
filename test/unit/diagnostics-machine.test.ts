import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, SimulatedClock } from 'xstate';
import {
  diagnosticsMachine,
  diagnosticsViewOf,
  isTechnicianActive,
  NOTICE_TIMEOUT_MS,
  PIN_ENTRY_TIMEOUT_MS,
  TECH_IDLE_TIMEOUT_MS,
  type BadgeCheckResult,
  type BundleResult,
  type DiagnosticsEvent,
  type PinCheckInput,
  type PinCheckResult,
} from '../../state-machines/diagnostics';

const flush = () => new Promise((r) => setTimeout(r, 0));
const TECHNICIAN = {
  badgeId: 'badge-1',
  technicianId: 'T-1',
  name: 'Ada Field',
  roles: ['technician'],
};
const GOOD_PIN = '135792';

function start(options: { badge?: BadgeCheckResult; pins?: PinCheckResult[] } = {}) {
  const clock = new SimulatedClock();
  const pinInputs: PinCheckInput[] = [];
  const logouts: unknown[] = [];
  const pins = [...(options.pins ?? [])];
  const actor = createActor(
    diagnosticsMachine.provide({
      actors: {
        verifyBadge: fromPromise<BadgeCheckResult, { text: string }>(
          async () => options.badge ?? { ok: true, technician: TECHNICIAN, attemptsLeft: 3 },
        ),
        checkPin: fromPromise<PinCheckResult, PinCheckInput>(async ({ input }) => {
          pinInputs.push(input);
          return (
            pins.shift() ??
            (input.pin === GOOD_PIN
              ? { ok: true }
              : { ok: false, reason: 'wrong_pin', attemptsLeft: 1 })
          );
        }),
        selfTest: fromCallback<DiagnosticsEvent, { technicianId: string }>(({ sendBack }) => {
          const item = { id: 'disk', title: 'Free disk space', passed: true, reason: '9 GB free' };
          sendBack({ type: 'SELF_TEST_PROGRESS', completed: 1, total: 2, item });
          const bad = {
            id: 'device:scanner',
            title: 'Barcode scanner',
            passed: false,
            reason: 'link lost',
          };
          sendBack({ type: 'SELF_TEST_PROGRESS', completed: 2, total: 2, item: bad });
          sendBack({
            type: 'SELF_TEST_DONE',
            summary: { passed: false, items: [item, bad], savedTo: '/d/self-test.html' },
          });
        }),
        exportBundle: fromPromise<BundleResult, { technicianId: string; outDir: string }>(
          async ({ input }) => ({
            ok: true,
            value: { file: `${input.outDir}/b.tar.gz`, sha256: 'a'.repeat(64), bytes: 10 },
          }),
        ),
      },
      actions: { recordLogout: (_, params) => void logouts.push(params) },
    }),
    { clock },
  );
  actor.start();
  return { actor, clock, pinInputs, logouts };
}

async function loggedIn() {
  const rig = start();
  rig.actor.send({ type: 'BADGE_SCANNED', text: 'odb:/5676' });
  await flush();
  rig.actor.send({ type: 'SUBMIT_PIN', pin: GOOD_PIN });
  await flush();
  expect(diagnosticsViewOf(rig.actor.getSnapshot()).step).toBe('panel');
  return rig;
}

describe('diagnostics machine: locked → badge → pin → panel', () => {
  it('logs in with badge and PIN; a wrong PIN says how many tries are left; the PIN is never kept', async () => {
    const { actor, pinInputs } = start();
    expect(diagnosticsViewOf(actor.getSnapshot()).step).toBe('locked');
    expect(isTechnicianActive(actor.getSnapshot())).toBe(false);
    actor.send({ type: 'BADGE_SCANNED', text: 'odb:/5676' });
    await flush();
    expect(diagnosticsViewOf(actor.getSnapshot())).toMatchObject({
      step: 'pin',
      technician: { technicianId: 'T-1', name: 'Ada Field' },
      attemptsLeft: 3,
      lastWrong: false,
    });
    expect(isTechnicianActive(actor.getSnapshot())).toBe(true);
    actor.send({ type: 'SUBMIT_PIN', pin: '000000' });
    await flush();
    expect(diagnosticsViewOf(actor.getSnapshot())).toMatchObject({
      step: 'pin',
      attemptsLeft: 1,
      lastWrong: true,
    });
    actor.send({ type: 'SUBMIT_PIN', pin: GOOD_PIN });
    await flush();
    expect(diagnosticsViewOf(actor.getSnapshot()).step).toBe('panel');
    expect(pinInputs).toEqual([
      { badgeId: 'badge-1', technicianId: 'T-1', roles: ['technician'], pin: '000000' },
      { badgeId: 'badge-1', technicianId: 'T-1', roles: ['technician'], pin: GOOD_PIN },
    ]);
    const serialized =
      JSON.stringify(actor.getSnapshot().toJSON()) +
      JSON.stringify(diagnosticsViewOf(actor.getSnapshot()));
    expect(serialized).not.toContain(GOOD_PIN);
    expect(serialized).not.toContain('000000');
  });

  it('after a long press, asks for the badge for 15 s', async () => {
    const { actor, clock } = start();
    actor.send({ type: 'REQUEST_LOGIN' });
    expect(diagnosticsViewOf(actor.getSnapshot()).step).toBe('awaiting_badge');
    clock.increment(NOTICE_TIMEOUT_MS);
    expect(diagnosticsViewOf(actor.getSnapshot()).step).toBe('locked');
    actor.send({ type: 'REQUEST_LOGIN' });
    actor.send({ type: 'BADGE_SCANNED', text: 'odb:/5676' });
    await flush();
    expect(diagnosticsViewOf(actor.getSnapshot()).step).toBe('pin');
  });

  it('shows a badge refusal with its reason, then locks again', async () => {
    const { actor, clock } = start({
      badge: { ok: false, reason: 'expired', detail: 'expired 2026-03-01' },
    });
    actor.send({ type: 'BADGE_SCANNED', text: 'odb:/5676' });
    await flush();
    expect(diagnosticsViewOf(actor.getSnapshot())).toMatchObject({
      step: 'refused',
      refusal: { reason: 'expired', detail: 'expired 2026-03-01' },
    });
    clock.increment(NOTICE_TIMEOUT_MS);
    expect(diagnosticsViewOf(actor.getSnapshot())).toMatchObject({ step: 'locked', refusal: null });
  });

  it('says until when a locked badge is locked, at the scan and on the locking PIN', async () => {
    const until = Date.UTC(2026, 2, 10, 12, 5);
    const atScan = start({
      badge: { ok: false, reason: 'locked', technician: TECHNICIAN, lockedUntil: until },
    });
    atScan.actor.send({ type: 'BADGE_SCANNED', text: 'odb:/5676' });
    await flush();
    expect(diagnosticsViewOf(atScan.actor.getSnapshot())).toMatchObject({
      step: 'locked_out',
      lockedUntil: until,
    });
    expect(atScan.pinInputs).toEqual([]);

    const onPin = start({ pins: [{ ok: false, reason: 'locked', lockedUntil: until }] });
    onPin.actor.send({ type: 'BADGE_SCANNED', text: 'odb:/5676' });
    await flush();
    onPin.actor.send({ type: 'SUBMIT_PIN', pin: '999999' });
    await flush();
    expect(diagnosticsViewOf(onPin.actor.getSnapshot())).toMatchObject({
      step: 'locked_out',
      lockedUntil: until,
      attemptsLeft: 0,
    });
    onPin.clock.increment(NOTICE_TIMEOUT_MS);
    expect(diagnosticsViewOf(onPin.actor.getSnapshot()).step).toBe('locked');
  });

  it('abandons an unanswered PIN screen after 2 minutes; a touch restarts that wait', async () => {
    const { actor, clock } = start();
    actor.send({ type: 'BADGE_SCANNED', text: 'odb:/5676' });
    await flush();
    clock.increment(PIN_ENTRY_TIMEOUT_MS - 1000);
    actor.send({ type: 'ACTIVITY' });
    clock.increment(PIN_ENTRY_TIMEOUT_MS - 1000);
    expect(diagnosticsViewOf(actor.getSnapshot()).step).toBe('pin');
    clock.increment(1000);
    expect(diagnosticsViewOf(actor.getSnapshot())).toMatchObject({
      step: 'locked',
      technician: null,
    });
  });

  it('logs out after 5 minutes idle in the panel (journaled as idle); a touch restarts the wait', async () => {
    const { actor, clock, logouts } = await loggedIn();
    clock.increment(4 * 60_000);
    actor.send({ type: 'ACTIVITY' });
    clock.increment(4 * 60_000);
    expect(diagnosticsViewOf(actor.getSnapshot()).step).toBe('panel');
    expect(logouts).toEqual([]);
    clock.increment(TECH_IDLE_TIMEOUT_MS - 4 * 60_000);
    expect(diagnosticsViewOf(actor.getSnapshot())).toMatchObject({
      step: 'locked',
      technician: null,
    });
    expect(logouts).toEqual([{ badgeId: 'badge-1', technicianId: 'T-1', reason: 'idle' }]);
  });

  it('logs out on LOGOUT (journaled as user)', async () => {
    const { actor, logouts } = await loggedIn();
    actor.send({ type: 'LOGOUT' });
    expect(diagnosticsViewOf(actor.getSnapshot()).step).toBe('locked');
    expect(logouts).toEqual([{ badgeId: 'badge-1', technicianId: 'T-1', reason: 'user' }]);
  });

  it('runs the self-test with progress and exports a bundle from the panel', async () => {
    const { actor } = await loggedIn();
    actor.send({ type: 'RUN_SELF_TEST' });
    await flush();
    const view = diagnosticsViewOf(actor.getSnapshot());
    expect(view.selfTest).toMatchObject({
      state: 'done',
      completed: 2,
      total: 2,
      savedTo: '/d/self-test.html',
    });
    expect(view.selfTest.items.map((i) => [i.id, i.passed])).toEqual([
      ['disk', true],
      ['device:scanner', false],
    ]);
    actor.send({ type: 'EXPORT_BUNDLE', outDir: '/media/usb' });
    expect(diagnosticsViewOf(actor.getSnapshot()).bundle.state).toBe('exporting');
    await flush();
    expect(diagnosticsViewOf(actor.getSnapshot()).bundle).toMatchObject({
      state: 'done',
      result: { file: '/media/usb/b.tar.gz', bytes: 10 },
    });
    expect(diagnosticsViewOf(actor.getSnapshot()).step).toBe('panel');
  });

  it('ignores a badge scan and panel events while locked', async () => {
    const { actor } = start();
    actor.send({ type: 'RUN_SELF_TEST' });
    actor.send({ type: 'SUBMIT_PIN', pin: GOOD_PIN });
    actor.send({ type: 'LOGOUT' });
    expect(diagnosticsViewOf(actor.getSnapshot()).step).toBe('locked');
  });
});
