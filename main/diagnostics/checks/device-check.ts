import type { Clock } from '../../../contracts/clock';
import type { DeviceStatus } from '../../devices/supervised-device';
import { fail, pass, type CheckOutcome } from './check-result';

/**
 * One device in the self-test (DESIGN §3 `diagnostics`): its supervised link must be `ready`,
 * and where its protocol has a command that changes nothing, that command must be answered
 * (device-probes.ts); otherwise the link state — which for streaming devices already means
 * recent valid frames — is the check. A probe that hangs is cut off after PROBE_TIMEOUT_MS.
 */

export type ProbeResult = { readonly ok: boolean; readonly detail: string };

export interface DeviceProbe {
  /** What the probe does, e.g. "0x51 machine status". */
  readonly describe: string;
  run(): Promise<ProbeResult>;
}

/** Longer than any driver's own retries (the dispenser: 5 sends), shorter than a person waits. */
export const PROBE_TIMEOUT_MS = 10_000;

export function withProbeTimeout(
  probe: DeviceProbe,
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>,
  timeoutMs: number = PROBE_TIMEOUT_MS,
): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const timer = clock.setTimeout(
      () =>
        resolve({ ok: false, detail: `${probe.describe}: no answer within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
    probe.run().then(
      (result) => {
        clock.clearTimeout(timer);
        resolve(result);
      },
      (error: unknown) => {
        clock.clearTimeout(timer);
        resolve({
          ok: false,
          detail: `${probe.describe} failed: ${error instanceof Error ? error.message : String(error)}`,
        });
      },
    );
  });
}

export async function checkDevice(
  status: DeviceStatus,
  probe: DeviceProbe | undefined,
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>,
): Promise<CheckOutcome> {
  const where = status.port ? ` on ${status.port}` : '';
  const reconnects = `${status.reconnects} reconnect(s)`;
  if (status.link !== 'ready') {
    const why = status.lastError ? `: ${status.lastError}` : '';
    return fail(`link ${status.link}${where}${why} (${reconnects})`);
  }
  const link = `link ready${where} (${reconnects})`;
  if (!probe)
    return pass(`${link}; its protocol has no harmless command, so the link is the check`);
  const result = await withProbeTimeout(probe, clock);
  return result.ok ? pass(`${link}; ${result.detail}`) : fail(`${link}, but ${result.detail}`);
}
