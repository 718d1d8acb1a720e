import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { JournalEvent } from '../../contracts/journal-events';
import {
  openJournal,
  sampleDispenseIntent,
  writeChainedEvents,
  type Journal,
} from '../../main/journal';
import { createEphemeralDeviceKey, type DeviceKey } from '../../main/keys';
import { PowerSafeJsonFile } from '../../main/views';
import { LatencySamples } from './latency';
import type { ReportMeasure, ReportProgress } from './results';

/**
 * Journal append latency against what the disk allows. Each journal append is timed back to back
 * with a raw append + fdatasync of a line of the same size to another file in the same directory,
 * so both see the same disk at the same moment; the ratio of their p99s is the acceptance figure.
 */
export const name = 'journal';

/** Timed appends per size; p99 is then the 100th-worst of 10,000. */
const SAMPLES = 10_000;
/** Untimed appends first: JIT, page cache and the segment file warm up. */
const WARMUP = 200;
/** lowdb rewrites the whole file per append; fewer samples keep it inside the time budget. */
const LOWDB_SAMPLES = 300;
/** DESIGN acceptance: journal p99 at most twice a bare fdatasync's p99. */
const RATIO_GOAL = 2;

export async function run(report: ReportMeasure, progress: ReportProgress): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'bench-journal-'));
  const key = createEphemeralDeviceKey();
  progress(`working in ${root} (${os.cpus().length} cores)`);
  try {
    const rawAll = new LatencySamples();
    for (const [label, existing] of [
      ['1k', 1_000],
      ['100k', 100_000],
    ] as const) {
      const dir = path.join(root, `journal-${label}`);
      let started = performance.now();
      await writeChainedEvents(dir, existing, { signer: key });
      progress(`${label}: wrote ${existing} events in ${ms(started)} ms`);
      started = performance.now();
      const journal = await openOrThrow(dir, key);
      const openMs = performance.now() - started;
      progress(`${label}: opened and verified in ${openMs.toFixed(0)} ms`);
      if (label === '100k') {
        report({ id: 'journal.open_ms.100k', value: openMs, unit: 'ms', better: 'lower' });
      }

      const { journalSamples, rawSamples } = await interleaved(
        journal,
        path.join(root, `raw-${label}.jsonl`),
        rawAll,
      );
      await journal.close();

      const rawP99 = rawSamples.percentile(99);
      const journalP99 = journalSamples.percentile(99);
      progress(
        `${label}: journal p50 ${journalSamples.percentile(50).toFixed(3)} p99 ${journalP99.toFixed(3)} ms; ` +
          `raw p50 ${rawSamples.percentile(50).toFixed(3)} p99 ${rawP99.toFixed(3)} ms`,
      );
      report({
        id: `journal.append.p50_ms.${label}`,
        value: journalSamples.percentile(50),
        unit: 'ms',
        better: 'lower',
      });
      report({
        id: `journal.append.p99_ms.${label}`,
        value: journalP99,
        unit: 'ms',
        better: 'lower',
        floor: rawP99,
      });
      report({ id: `raw.fdatasync.p99_ms.${label}`, value: rawP99, unit: 'ms', better: 'lower' });
      report({
        id: `journal.append.p99_ratio_to_fdatasync.${label}`,
        value: journalP99 / rawP99,
        unit: 'x',
        goal: RATIO_GOAL,
        better: 'lower',
        floor: rawP99,
      });
    }
    report({
      id: 'raw.fdatasync.p50_ms',
      value: rawAll.percentile(50),
      unit: 'ms',
      better: 'lower',
    });
    report({
      id: 'raw.fdatasync.p99_ms',
      value: rawAll.percentile(99),
      unit: 'ms',
      better: 'lower',
    });

    await concurrentThroughput(root, key, report, progress);
    await lowdbAppends(root, key, report, progress, rawAll.percentile(99));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function interleaved(
  journal: Journal,
  rawFile: string,
  rawAll: LatencySamples,
): Promise<{ journalSamples: LatencySamples; rawSamples: LatencySamples }> {
  // The raw line has the byte length of a journal line for the same event.
  const probe = await journal.append(sampleDispenseIntent(0).type, sampleDispenseIntent(0).data);
  const lineBytes = Buffer.byteLength(`${JSON.stringify(probe)}\n`);
  const rawLine = Buffer.from(`${'x'.repeat(lineBytes - 1)}\n`);
  const raw = await open(rawFile, 'a');
  const journalSamples = new LatencySamples();
  const rawSamples = new LatencySamples();
  const rawAppend = async (): Promise<void> => {
    await raw.write(rawLine);
    await raw.datasync();
  };
  try {
    for (let i = 1; i <= WARMUP + SAMPLES; i++) {
      const { type, data } = sampleDispenseIntent(i);
      if (i <= WARMUP) {
        await rawAppend();
        await journal.append(type, data);
        continue;
      }
      await rawSamples.time(rawAppend);
      await journalSamples.time(() => journal.append(type, data));
    }
  } finally {
    await raw.close();
  }
  for (const value of rawSamples.values()) rawAll.add(value);
  return { journalSamples, rawSamples };
}

/** Many callers at once: group commit covers the queued lines with one fdatasync. */
async function concurrentThroughput(
  root: string,
  key: DeviceKey,
  report: ReportMeasure,
  progress: ReportProgress,
): Promise<void> {
  const journal = await openOrThrow(path.join(root, 'journal-concurrent'), key);
  const count = 5_000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      journal.append(sampleDispenseIntent(i).type, sampleDispenseIntent(i).data),
    ),
  );
  const perSecond = count / ((performance.now() - started) / 1000);
  await journal.close();
  progress(`concurrent: ${count} appends at ${perSecond.toFixed(0)} events/s`);
  report({
    id: 'journal.append.concurrent_events_per_s',
    value: perSecond,
    unit: 'events/s',
    better: 'higher',
  });
}

/**
 * lowdb keeping the same events in one JSON document: every append rewrites the whole file.
 * Its default JSONFile renames a temp file but never fsyncs (not durable); PowerSafeJsonFile
 * adds the fsyncs the views use. Fewer samples, because each append rewrites ~400 KB.
 */
async function lowdbAppends(
  root: string,
  key: DeviceKey,
  report: ReportMeasure,
  progress: ReportProgress,
  rawP99: number,
): Promise<void> {
  const source = await openOrThrow(path.join(root, 'journal-1k'), key);
  const seed = (await source.readAll()).slice(0, 1_000);
  const extra = (await source.readAll()).slice(1_000, 1_000 + LOWDB_SAMPLES + 20);
  await source.close();

  for (const [id, adapterName, makeAdapter] of [
    ['lowdb.default', 'JSONFile', (file: string) => new JSONFile<{ events: JournalEvent[] }>(file)],
    [
      'lowdb.powersafe',
      'PowerSafeJsonFile',
      (file: string) => new PowerSafeJsonFile<{ events: JournalEvent[] }>(file),
    ],
  ] as const) {
    const db = new Low(makeAdapter(path.join(root, `${id}.json`)), { events: [...seed] });
    await db.write();
    const samples = new LatencySamples();
    for (const [i, event] of extra.entries()) {
      db.data.events.push(event);
      if (i < 20) await db.write();
      else await samples.time(() => db.write());
    }
    progress(
      `${adapterName}: ${samples.count} samples (whole-file rewrite per append), ` +
        `p50 ${samples.percentile(50).toFixed(3)} p99 ${samples.percentile(99).toFixed(3)} ms`,
    );
    report({
      id: `${id}.append.p50_ms.1k`,
      value: samples.percentile(50),
      unit: 'ms',
      better: 'lower',
    });
    report({
      id: `${id}.append.p99_ms.1k`,
      value: samples.percentile(99),
      unit: 'ms',
      better: 'lower',
    });
    // Beside the journal's own ratio: what the obvious alternative costs against the same floor.
    report({
      id: `${id}.append.p99_ratio_to_fdatasync.1k`,
      value: samples.percentile(99) / rawP99,
      unit: 'x',
      better: 'lower',
      floor: rawP99,
    });
  }
}

async function openOrThrow(dir: string, key: DeviceKey): Promise<Journal> {
  const opened = await openJournal({ dir, signer: key, verifyCheckpoint: key.verifyCheckpoint });
  if (!opened.ok) throw new Error(`bench journal did not open: ${JSON.stringify(opened.error)}`);
  return opened.value;
}

function ms(since: number): string {
  return (performance.now() - since).toFixed(0);
}
