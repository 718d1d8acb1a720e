import { startSimHost, SIM_FAULT_NAMES } from './sim-host';

export const SIM_FAULTS = SIM_FAULT_NAMES;

/** The simulated cabinet: slot n is driven as board selection 10 + n, 8 packs each. */
export const SIM_CABINET_SLOTS = [1, 2, 3, 4].map((slot) => ({
  slot,
  selection: 10 + slot,
  capacity: 8,
}));

/**
 * `npm run sim -- host`: runs until SIGTERM/SIGINT and prints one line
 * `SIM_READY {"hardware": …, "control": …}` once every simulator is listening.
 */
export async function runSimHostCli(runDir: string, args: string[]): Promise<number> {
  const scaleAt = args.indexOf('--time-scale');
  const timeScale = scaleAt >= 0 ? Number(args[scaleAt + 1]) : 1;
  if (!(timeScale > 0 && timeScale <= 10)) {
    console.error(`--time-scale must be a number in (0, 10], not "${args[scaleAt + 1]}"`);
    return 2;
  }
  const host = await startSimHost({ runDir, slots: SIM_CABINET_SLOTS, timeScale });
  process.stdout.write(
    `SIM_READY ${JSON.stringify({ hardware: host.hardwareConfigPath, control: host.control.url })}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await host.stop();
  return 0;
}
