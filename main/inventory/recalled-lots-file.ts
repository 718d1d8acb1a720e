import { z } from 'zod';
import { ok, type Result } from '../../contracts/result';
import { loadJsonConfig, type ConfigError } from '../config/load-json-config';
import type { RecalledLot } from './pack-eligibility';

/**
 * Recalled lots from a local JSON file `{ "lots": [{ "gtin", "lot" }] }` — the `lots` member of
 * the revocation list payload (prescription-token.md §4a), so a decoded payload can be passed as
 * is. The file is not signature-checked: a recall can only make restock refuse more packs, never
 * accept one it would otherwise refuse.
 */
const RecalledLotsFile = z.object({
  lots: z.array(
    z.strictObject({
      gtin: z.string().regex(/^\d{14}$/, 'expected a 14-digit GTIN'),
      lot: z.string().min(1).max(20),
    }),
  ),
});

export function loadRecalledLots(path: string): Result<RecalledLot[], ConfigError> {
  const loaded = loadJsonConfig(path, RecalledLotsFile);
  return loaded.ok ? ok(loaded.value.lots) : loaded;
}
