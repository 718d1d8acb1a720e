import { fromCallback, fromPromise } from 'xstate';
import type { Clock } from '../../contracts/clock';
import type { Journal } from '../journal';
import type { RevocationIndex } from '../prescriptions/revocation-list';
import type { TrustList } from '../prescriptions/trust';
import type { Diagnostics } from '../diagnostics/diagnostics-service';
import type {
  BadgeCheckResult,
  BundleResult,
  DiagnosticsEvent,
  PinCheckInput,
  PinCheckResult,
} from '../../state-machines/diagnostics';
import { verifyBadge } from './badge';
import { badgeLockState, checkTechnicianPin } from './check-technician-pin';
import { findTechnician, type Roster } from './roster';
import type { TechnicianLockoutState } from './technician-lockout';

/**
 * The `diagnostics` machine's effects (state-machines/diagnostics.ts), for main/app.ts:
 * `diagnosticsMachine.provide(provideDiagnosticsEffects(deps))`. Every technician action is
 * journaled with the technician id: badge refusals, PIN attempts (before the compare), login,
 * lock, logout, self-test and bundle.
 */

export interface DiagnosticsEffectsDeps {
  readonly journal: Pick<Journal, 'append'>;
  readonly clock: Pick<Clock, 'now'>;
  /** Installed lists, read at each scan so a list installed meanwhile takes effect at once. */
  readonly trust: () => TrustList | undefined;
  readonly revocation: () => RevocationIndex | undefined;
  readonly roster: () => Roster | undefined;
  /** The technician lockout view (technician-lockout.ts), current with the journal. */
  readonly lockout: () => TechnicianLockoutState;
  readonly diagnostics: Diagnostics;
  /**
   * Directories the screen offers for a bundle (main/diagnostics/export-targets.ts): an
   * `outDir` from the renderer is used only if it is one of them.
   */
  readonly exportTargets: () => Promise<readonly string[]>;
}

export function provideDiagnosticsEffects(deps: DiagnosticsEffectsDeps) {
  return {
    actors: {
      verifyBadge: fromPromise<BadgeCheckResult, { text: string }>(({ input }) =>
        checkBadgeScan(deps, input.text),
      ),
      checkPin: fromPromise<PinCheckResult, PinCheckInput>(({ input }) =>
        checkTechnicianPin(
          {
            journal: deps.journal,
            clock: deps.clock,
            lockout: deps.lockout,
            pinCheckOf: (id) => findTechnician(deps.roster(), id)?.pin,
          },
          input,
        ),
      ),
      selfTest: fromCallback<DiagnosticsEvent, { technicianId: string }>(({ input, sendBack }) => {
        let stopped = false;
        const send = (event: DiagnosticsEvent): void => {
          if (!stopped) sendBack(event);
        };
        deps.diagnostics
          .selfTest({
            technicianId: input.technicianId,
            onProgress: ({ completed, total, item }) =>
              send({
                type: 'SELF_TEST_PROGRESS',
                completed,
                total,
                item: { id: item.id, title: item.title, passed: item.passed, reason: item.reason },
              }),
          })
          .then(
            ({ report, savedTo }) =>
              send({
                type: 'SELF_TEST_DONE',
                summary: {
                  passed: report.passed,
                  items: report.items.map(({ id, title, passed, reason }) => ({
                    id,
                    title,
                    passed,
                    reason,
                  })),
                  savedTo: savedTo[0] ?? null,
                },
              }),
            (error: unknown) =>
              send({
                type: 'SELF_TEST_FAILED',
                message: error instanceof Error ? error.message : String(error),
              }),
          );
        // The self-test cannot be interrupted halfway; a logout only stops listening to it.
        return () => {
          stopped = true;
        };
      }),
      exportBundle: fromPromise<BundleResult, { technicianId: string; outDir: string }>(
        async ({ input }) => {
          if (!(await deps.exportTargets()).includes(input.outDir)) {
            return { ok: false, error: 'that directory is not an offered USB drive' };
          }
          const exported = await deps.diagnostics.exportBundle(input);
          if (!exported.ok) return exported;
          const { file, sha256, bytes } = exported.value;
          return { ok: true, value: { file, sha256, bytes } };
        },
      ),
    },
    actions: {
      recordLogout: (
        _: unknown,
        params: { badgeId: string; technicianId: string; reason: 'user' | 'idle' },
      ) => void deps.journal.append('TECH_LOGOUT', params),
    },
  };
}

/** Badge verification + lockout, journaling a refusal (TECH_BADGE_REFUSED) before answering. */
export async function checkBadgeScan(
  deps: Pick<
    DiagnosticsEffectsDeps,
    'journal' | 'clock' | 'trust' | 'revocation' | 'roster' | 'lockout'
  >,
  text: string,
): Promise<BadgeCheckResult> {
  const verified = verifyBadge(
    {
      trust: deps.trust(),
      revocation: deps.revocation(),
      roster: deps.roster(),
      now: deps.clock.now(),
    },
    text,
  );
  if (!verified.ok) {
    const { reason, detail, badgeId } = verified.error;
    await deps.journal.append('TECH_BADGE_REFUSED', {
      reason,
      detail,
      ...(badgeId && { badgeId }),
    });
    return { ok: false, reason, detail };
  }
  const b = verified.value;
  const technician = {
    badgeId: b.badgeId,
    technicianId: b.technicianId,
    name: b.name,
    roles: [...b.roles],
  };
  const state = await badgeLockState(deps, b);
  return state.locked
    ? { ok: false, reason: 'locked', technician, lockedUntil: state.lockedUntil }
    : { ok: true, technician, attemptsLeft: state.attemptsLeft };
}

/** Journals a technician action (device test, restock…) with who did it. */
export async function recordTechnicianAction(
  journal: Pick<Journal, 'append'>,
  technicianId: string,
  action: string,
  detail: string,
): Promise<void> {
  await journal.append('TECH_ACTION', { technicianId, action, detail });
}
