import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { spawnUntilReady } from './child-process';

/**
 * Starting the two processes of a simulated kiosk (docs/architecture.md "Processes"), shared by
 * `npm start` and the e2e harness so both run the kiosk exactly the same way.
 */
export const ROOT = join(import.meta.dirname, '..', '..');
const TSX = ['--import', 'tsx'];

export interface SimHostProcess {
  child: ChildProcess;
  hardwarePath: string;
  controlUrl: string;
  runDir: string;
}

export async function launchSimHost(
  runDir: string,
  extraArgs: string[] = [],
): Promise<SimHostProcess> {
  const { child, ready } = await spawnUntilReady<{ hardware: string; control: string }>(
    process.execPath,
    [...TSX, join(ROOT, 'scripts/sim.ts'), 'host', '--run-dir', runDir, ...extraArgs],
    'SIM_READY',
    { cwd: ROOT },
  );
  return { child, hardwarePath: ready.hardware, controlUrl: ready.control, runDir };
}

export interface KioskProcess {
  child: ChildProcess;
  url: string;
  outOfService: string | null;
}

export async function launchKiosk(
  args: { dataDir: string; hardwarePath: string; demoStock?: boolean; port?: number },
  options: { env?: NodeJS.ProcessEnv; onStderr?: (text: string) => void } = {},
): Promise<KioskProcess> {
  const { child, ready } = await spawnUntilReady<{ url: string; outOfService: string | null }>(
    process.execPath,
    [
      ...TSX,
      join(ROOT, 'main/cli.ts'),
      '--data-dir',
      args.dataDir,
      '--hardware',
      args.hardwarePath,
      ...(args.demoStock ? ['--demo-stock'] : []),
      ...(args.port ? ['--port', String(args.port)] : []),
    ],
    'KIOSK_READY',
    {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      ...(options.onStderr ? { onStderr: options.onStderr } : {}),
    },
  );
  return { child, url: ready.url, outOfService: ready.outOfService };
}
