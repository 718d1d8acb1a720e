import { mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * The self-test report (issue 9 item 10): one pass/fail item per check with a reason in plain
 * words, saved as JSON (for tools and the hub) and as one self-contained HTML page (inline CSS,
 * no script, readable from a USB stick on any laptop; pass/fail said in words as well as colour).
 * The schema is checked wherever a report crosses a process boundary (the admin endpoint).
 */

export const SelfTestItem = z.strictObject({
  /** Stable id, e.g. `device:scanner`, `journal`, `disk`; what `diag` names when it fails. */
  id: z.string().min(1).max(64),
  title: z.string().min(1).max(200),
  passed: z.boolean(),
  /** Why it passed or failed, for a technician: no patient data, no secrets. */
  reason: z.string().max(2000),
  durationMs: z.number().nonnegative(),
});
export type SelfTestItem = z.infer<typeof SelfTestItem>;

export const SelfTestReport = z.strictObject({
  kind: z.literal('opendispense-self-test'),
  version: z.literal(1),
  kioskId: z.string(),
  kioskName: z.string(),
  /** `live`: run inside the kiosk (devices checked); `offline`: by `diag --offline`, no devices. */
  mode: z.enum(['live', 'offline']),
  startedAt: z.string(),
  finishedAt: z.string(),
  passed: z.boolean(),
  items: z.array(SelfTestItem),
});
export type SelfTestReport = z.infer<typeof SelfTestReport>;

export function failedItems(report: Pick<SelfTestReport, 'items'>): SelfTestItem[] {
  return report.items.filter((i) => !i.passed);
}

export interface WrittenReport {
  readonly dir: string;
  readonly jsonPath: string;
  readonly htmlPath: string;
}

/** Writes `self-test.json` and `self-test.html` into `dir` (made if missing), each whole or not at all. */
export async function writeSelfTestReport(
  report: SelfTestReport,
  dir: string,
): Promise<WrittenReport> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const jsonPath = path.join(dir, 'self-test.json');
  const htmlPath = path.join(dir, 'self-test.html');
  await writeWhole(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  await writeWhole(htmlPath, renderSelfTestHtml(report));
  return { dir, jsonPath, htmlPath };
}

async function writeWhole(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}

const escapeHtml = (text: string): string =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/** One self-contained page: inline CSS, no script, no external resource. */
export function renderSelfTestHtml(report: SelfTestReport): string {
  const failed = failedItems(report);
  const verdict = report.passed
    ? `PASSED: all ${report.items.length} checks passed`
    : `FAILED: ${failed.length} of ${report.items.length} checks failed (${failed.map((i) => i.id).join(', ')})`;
  const rows = report.items
    .map(
      (item) => `      <tr class="${item.passed ? 'pass' : 'fail'}">
        <td class="verdict">${item.passed ? '✔ PASS' : '✘ FAIL'}</td>
        <td><strong>${escapeHtml(item.title)}</strong><br><code>${escapeHtml(item.id)}</code></td>
        <td>${escapeHtml(item.reason)}</td>
        <td class="num">${Math.round(item.durationMs)} ms</td>
      </tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Self-test ${escapeHtml(report.kioskName)} ${escapeHtml(report.startedAt)}</title>
<style>
  body { font: 16px/1.4 system-ui, sans-serif; margin: 2rem; color: #111; background: #fff; }
  h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
  .summary { padding: .75rem 1rem; border-radius: .4rem; font-weight: bold; margin: 1rem 0; }
  .summary.pass { background: #d9f2dc; border: 2px solid #1b6e2a; color: #0b3d16; }
  .summary.fail { background: #fbdcdc; border: 2px solid #a31515; color: #5c0a0a; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: .5rem; border-bottom: 1px solid #ccc; }
  tr.pass .verdict { color: #0b5d1e; background: #e8f6ea; font-weight: bold; white-space: nowrap; }
  tr.fail .verdict { color: #8b0000; background: #fde8e8; font-weight: bold; white-space: nowrap; }
  .num { text-align: right; white-space: nowrap; }
  code { font-size: .85em; color: #444; }
  dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
  dt { font-weight: bold; }
  @media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>OpenDispense self-test</h1>
<dl>
  <dt>Kiosk</dt><dd>${escapeHtml(report.kioskName)} (${escapeHtml(report.kioskId)})</dd>
  <dt>Started</dt><dd>${escapeHtml(report.startedAt)}</dd>
  <dt>Finished</dt><dd>${escapeHtml(report.finishedAt)}</dd>
  <dt>Mode</dt><dd>${report.mode === 'live' ? 'inside the running kiosk (devices checked)' : 'offline: kiosk not running, devices not checked'}</dd>
</dl>
<p class="summary ${report.passed ? 'pass' : 'fail'}" role="status">${escapeHtml(verdict)}</p>
<table>
  <thead><tr><th scope="col">Result</th><th scope="col">Check</th><th scope="col">Reason</th><th scope="col">Time</th></tr></thead>
  <tbody>
${rows}
  </tbody>
</table>
</body>
</html>
`;
}
