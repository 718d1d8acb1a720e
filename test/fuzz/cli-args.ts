/** Command line of `npm run fuzz`, parsed without a library (four options do not need one). */

export interface FuzzCliArgs {
  help: boolean;
  /** Garbage inputs per target. */
  frames: number;
  /** Undefined: pick one at random and print it. */
  seed: number | undefined;
  /** Worker processes; undefined means one per core. */
  jobs: number | undefined;
  /** Target names or prefixes; empty means all. */
  targets: string[];
}

export const DEFAULT_FRAMES = 1_000_000;

export const USAGE = `Usage: npm run fuzz [-- [--frames N] [--seed S] [--jobs J] [target…]]

Feeds every device decoder in hardware/ random and mutated frames (bit flips, inserted and
dropped bytes, truncation, duplication, two frames spliced, frames split across chunks), each
followed by a valid frame to check that the decoder resynchronises.

  --frames N   garbage inputs per target (default ${DEFAULT_FRAMES.toLocaleString('en')}; 1e5 and 100k work)
  --seed S     replay a run: the same seed gives the same inputs, per target
  --jobs J     worker processes (default: one per core)
  target…      target names or prefixes (e.g. dispenser, scanner.hid); default all
  --help       this text and the list of targets

Exits 1 when a decoder let an exception escape or failed to resync.`;

export function parseFuzzArgs(argv: readonly string[]): FuzzCliArgs {
  const args: FuzzCliArgs = {
    help: false,
    frames: DEFAULT_FRAMES,
    seed: undefined,
    jobs: undefined,
    targets: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split('=', 2) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help':
      case '-h':
        args.help = true;
        break;
      case '--frames':
        args.frames = positiveInteger(flag, value());
        break;
      case '--seed':
        args.seed = seedValue(value());
        break;
      case '--jobs':
        args.jobs = positiveInteger(flag, value());
        break;
      default:
        if (arg.startsWith('-')) throw new Error(`unknown option ${arg} (see --help)`);
        args.targets.push(arg);
    }
  }
  return args;
}

/** Accepts 1000000, 1_000_000, 1e6 and 100k. */
function positiveInteger(flag: string, text: string): number {
  const m = /^([0-9_.]+(?:e[0-9]+)?)(k|m)?$/i.exec(text.trim());
  const scale = m?.[2]?.toLowerCase() === 'k' ? 1e3 : m?.[2]?.toLowerCase() === 'm' ? 1e6 : 1;
  const n = m ? Number((m[1] ?? '').replaceAll('_', '')) * scale : Number.NaN;
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${flag} must be a positive integer, not "${text}"`);
  return n;
}

function seedValue(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 0xffff_ffff) {
    throw new Error(`--seed must be an integer 0..4294967295, not "${text}"`);
  }
  return n;
}
