import type { FuzzFailure, FuzzTargetResult } from './fuzz-engine';

/** The final table and failure reports of a fuzz run, as plain text for a terminal or CI log. */

const HEADER = ['target', 'frames', 'escaped', 'missed err', 'resync fail', 'late', 'seconds'];

export function formatResultsTable(results: readonly FuzzTargetResult[]): string {
  const rows = results.map((r) => [
    r.target,
    r.frames.toLocaleString('en'),
    String(r.escaped),
    String(r.missedErrors),
    String(r.resyncFailures),
    String(r.lateResyncs),
    r.seconds.toFixed(1),
  ]);
  const total = (pick: (r: FuzzTargetResult) => number): number =>
    results.reduce((s, r) => s + pick(r), 0);
  rows.push([
    'total',
    total((r) => r.frames).toLocaleString('en'),
    String(total((r) => r.escaped)),
    String(total((r) => r.missedErrors)),
    String(total((r) => r.resyncFailures)),
    String(total((r) => r.lateResyncs)),
    total((r) => r.seconds).toFixed(1),
  ]);
  const widths = HEADER.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  const rule = widths.map((w) => '-'.repeat(w));
  return [
    line(HEADER),
    line(rule),
    ...rows.slice(0, -1).map(line),
    line(rule),
    line(rows.at(-1) ?? []),
  ].join('\n');
}

/** Longest hex printed per chunk on the console; the JSON file has all of it. */
const HEX_PREVIEW = 400;

export function formatFailure(f: FuzzFailure): string {
  const lines = [
    `${f.kind.toUpperCase()} in ${f.target} — seed ${f.seed}, case #${f.caseIndex} (${f.caseKind} input)` +
      `${f.reproducesOnFreshDecoder ? ', reproduces on a fresh decoder' : ', needs the earlier inputs (replay the seed)'}`,
    `  ${f.detail}`,
  ];
  for (const step of f.steps) {
    const hex =
      step.hex.length > HEX_PREVIEW
        ? `${step.hex.slice(0, HEX_PREVIEW)}… (${step.hex.length / 2} bytes)`
        : step.hex;
    const what = step.kind === 'end' ? 'end()' : `push(${hex || '<empty>'})`;
    lines.push(`  +${step.atMs} ms ${step.resync ? 'resync ' : 'garbage'} ${what}`);
  }
  return lines.join('\n');
}
