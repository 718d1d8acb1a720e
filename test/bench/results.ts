import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * One bench figure (DESIGN §8). `goal` is the acceptance target; `floor` is what the hardware
 * allows, measured in the same run (a raw fdatasync, a bare INSERT), so a miss can be read
 * against the machine rather than against a number from elsewhere.
 */
export interface Measure {
  id: string;
  value: number;
  unit: string;
  goal?: number;
  better: 'lower' | 'higher';
  floor?: number;
}

export type ReportMeasure = (measure: Measure) => void;
export type ReportProgress = (text: string) => void;

/** What every `*.bench.ts` module exports. */
export interface BenchModule {
  name: string;
  run(report: ReportMeasure, progress: ReportProgress): Promise<void>;
}

export interface MeasureCollector {
  report: ReportMeasure;
  measures(): Measure[];
}

export function createMeasureCollector(): MeasureCollector {
  const collected = new Map<string, Measure>();
  return {
    report(measure) {
      if (collected.has(measure.id)) throw new Error(`bench measure ${measure.id} reported twice`);
      if (!Number.isFinite(measure.value))
        throw new Error(`bench measure ${measure.id} is not a number`);
      collected.set(measure.id, measure);
    },
    measures: () => [...collected.values()],
  };
}

/** True or false against the goal; undefined when there is none. */
export function meetsGoal(measure: Measure): boolean | undefined {
  if (measure.goal === undefined) return undefined;
  return measure.better === 'lower' ? measure.value <= measure.goal : measure.value >= measure.goal;
}

export function formatMeasureTable(measures: readonly Measure[]): string {
  const header = ['id', 'value', 'unit', 'goal', 'floor', 'result'];
  const rows = measures.map((m) => {
    const met = meetsGoal(m);
    return [
      m.id,
      formatNumber(m.value),
      m.unit,
      m.goal === undefined ? '' : `${m.better === 'lower' ? '≤' : '≥'} ${formatNumber(m.goal)}`,
      m.floor === undefined ? '' : formatNumber(m.floor),
      met === undefined ? '' : met ? 'ok' : 'MISSED',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 1 || i === 4 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Writes `{ "measures": [...] }`, the file CI and the lead read. */
export async function writeResultsFile(file: string, measures: readonly Measure[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const rounded = measures.map((m) => ({
    ...m,
    value: round(m.value),
    ...(m.floor === undefined ? {} : { floor: round(m.floor) }),
  }));
  await writeFile(file, `${JSON.stringify({ measures: rounded }, null, 2)}\n`);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function formatNumber(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(3);
}
