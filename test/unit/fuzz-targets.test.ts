import { describe, expect, it } from 'vitest';
import { runFuzzTarget } from '../fuzz/fuzz-engine';
import { formatFailure } from '../fuzz/results-table';
import { FUZZ_TARGETS } from '../fuzz/targets';

/**
 * Every decoder fuzz target for 2,000 inputs with a fixed seed, so `npm test` exercises the
 * harness and each decoder without the full `npm run fuzz` (10⁶ inputs per decoder).
 */

const FRAMES = 2_000;
const SEED = 1;

/**
 * Resync bugs the fuzz found and reported to the decoder's owner, not fixed here. Each stays
 * visible: its test asserts the bug still shows, so the fix turns the test red and the entry is
 * then deleted, which makes the target strict (0 resync failures) like the others.
 */

describe('decoder fuzz targets', () => {
  it('cover every device folder in hardware/ that decodes bytes', () => {
    const devices = new Set(FUZZ_TARGETS.map((t) => t.module.split('/')[1]));
    for (const device of ['dispenser', 'scanner', 'gs1', 'oximeter', 'bp-cuff', 'printer']) {
      expect(devices, `a fuzz target for hardware/${device}`).toContain(device);
    }
  });

  it.each(FUZZ_TARGETS.map((t) => [t.name, t] as const))(
    '%s: no exception escapes and a valid frame after garbage decodes',
    (name, target) => {
      const result = runFuzzTarget(target, { frames: FRAMES, seed: SEED });
      const failures = result.failures.map(formatFailure).join('\n\n');
      expect(result.frames).toBe(FRAMES);
      expect(result.escaped, failures).toBe(0);
      expect(result.resyncFailures, failures).toBe(0);
    },
  );
});
