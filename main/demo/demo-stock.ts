import type { Pack } from '../../contracts/journal-events';

/**
 * Packs the demo cabinet starts with (`--demo-stock` on an empty journal), so `npm start` can
 * dispense the demo prescriptions with no technician. Expiries are relative to the first start,
 * so the demo never goes stale.
 */
export const DEMO_GTINS = {
  amlodipine: '09506000134352',
  metformin: '09506000134369',
} as const;

function isoDateInYears(now: number, years: number, extraDays = 0): string {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() + extraDays);
  return d.toISOString().slice(0, 10);
}

export function demoStock(now: number): { slot: number; packs: Pack[] }[] {
  const packs = (
    gtin: string,
    lot: string,
    expiry: string,
    count: number,
    serialPrefix: string,
  ): Pack[] =>
    Array.from({ length: count }, (_, i) => ({
      gtin,
      lot,
      expiry,
      serial: `${serialPrefix}${String(i + 1).padStart(4, '0')}`,
    }));
  return [
    { slot: 1, packs: packs(DEMO_GTINS.amlodipine, 'AML-A1', isoDateInYears(now, 1), 6, 'A1S') },
    { slot: 2, packs: packs(DEMO_GTINS.amlodipine, 'AML-B2', isoDateInYears(now, 2), 6, 'B2S') },
    {
      slot: 3,
      packs: packs(DEMO_GTINS.metformin, 'MET-C3', isoDateInYears(now, 1, 180), 6, 'C3S'),
    },
  ];
}
