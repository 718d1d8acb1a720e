import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { create as createTar } from 'tar';
import type { Clock } from '../../contracts/clock';
import type { JournalEvent } from '../../contracts/journal-events';
import { err, ok, type Result } from '../../contracts/result';
import type { DeviceStatus } from '../devices/supervised-device';
import { describeJournalError, verifyJournalDir, type CheckpointVerifier } from '../journal';
import { listSegments, segmentFileName, segmentPath } from '../journal/segment-files';
import type { DeviceTrafficRing } from './device-traffic-ring';
import { eventLoopYielder } from './checks/event-loop-yield';
import { findLeaks, listFiles, type Needle } from './leak-search';
import { redactConfig, redactLogText } from './redaction';
import { renderSelfTestHtml, type SelfTestReport } from './self-test-report';

/**
 * The diagnostics bundle (issue 9 item 11): one `.tar.gz` a technician carries away on a USB
 * stick, with the self-test report, device statuses, counters and recent traffic, the kiosk's
 * structured log, the config with secrets replaced, the journal's segment hashes and event counts,
 * and a manifest of every file's SHA-256 — and no patient data. The journal itself is NOT in it
 * (it holds token ids and vitals); its hashes let the hub match the bundle to what it received.
 *
 * Every file passes a leak search before packing (token-shaped text, and every `jti` this
 * kiosk's journal holds): a bundle that would carry one is refused, never written.
 */

/** The last 5 MB of a log: days of a normal kiosk's log, small enough for any USB stick. */
export const DEFAULT_MAX_LOG_BYTES = 5_000_000;

export interface ListSummary {
  readonly kind: string;
  readonly version: number;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** SHA-256 of the installed JWS, so the hub can tell which list this kiosk holds. */
  readonly sha256: string;
}

export interface BundleDeps {
  readonly kiosk: {
    readonly kioskId: string;
    readonly kioskName: string;
    readonly appVersion?: string;
  };
  readonly clock: Pick<Clock, 'now'>;
  readonly report: SelfTestReport;
  /** The supervisor's view of each device (absent when the kiosk is not running). */
  readonly devices?: readonly DeviceStatus[];
  readonly traffic?: DeviceTrafficRing;
  /** Log files to include (redacted) when they exist, e.g. DATA_DIR/kiosk.log. */
  readonly logFiles: readonly string[];
  /** Name → config object, e.g. {site, hardware}; secrets are replaced here. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly journal: {
    readonly dir: string;
    readonly lastSeq: number;
    events(fromSeq?: number): AsyncIterable<JournalEvent>;
    readonly verifyCheckpoint?: CheckpointVerifier;
  };
  readonly listSummaries: () => readonly ListSummary[];
  readonly maxLogBytes?: number;
}

export interface ManifestEntry {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface ExportedBundle {
  /** Absolute path of the written `.tar.gz`. */
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly files: readonly ManifestEntry[];
}

const sha256Of = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** `opendispense-diagnostics-<kiosk>-<UTC time>`: sortable, safe on FAT USB sticks. */
export function bundleName(kioskId: string, nowMs: number): string {
  const safeId = kioskId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40) || 'kiosk';
  const time = new Date(nowMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `opendispense-diagnostics-${safeId}-${time}`;
}

export async function exportDiagnosticsBundle(
  deps: BundleDeps,
  outDir: string,
): Promise<Result<ExportedBundle, string>> {
  const target = path.resolve(outDir);
  try {
    if (!(await stat(target)).isDirectory()) return err(`${target} is not a directory`);
  } catch {
    // Never made here: a mistyped mount point must not become a folder on the kiosk's own disk.
    return err(`${target} does not exist (is the USB stick mounted?)`);
  }
  const name = bundleName(deps.kiosk.kioskId, deps.clock.now());
  const staging = await mkdtemp(path.join(os.tmpdir(), 'opendispense-diag-'));
  try {
    const top = path.join(staging, name);
    const journalFacts = await gatherJournal(deps.journal);
    await writeContents(top, deps, journalFacts);

    const leaks = await findLeaks(top, journalFacts.needles);
    if (leaks.length > 0) {
      const where = [...new Set(leaks.map((l) => `${l.file} (${l.label})`))].join(', ');
      return err(
        `refused to write the bundle: patient data or a token would leave the kiosk in ${where}`,
      );
    }

    const files: ManifestEntry[] = [];
    for (const file of await listFiles(top)) {
      const bytes = await readFile(file);
      files.push({ path: path.relative(top, file), bytes: bytes.length, sha256: sha256Of(bytes) });
    }
    await writeJson(path.join(top, 'manifest.json'), {
      kind: 'opendispense-diagnostics-bundle',
      version: 1,
      kioskId: deps.kiosk.kioskId,
      kioskName: deps.kiosk.kioskName,
      ...(deps.kiosk.appVersion && { appVersion: deps.kiosk.appVersion }),
      createdAt: new Date(deps.clock.now()).toISOString(),
      files,
    });

    const finalFile = path.join(target, `${name}.tar.gz`);
    const partial = `${finalFile}.partial`;
    await createTar({ gzip: true, cwd: staging, file: partial, portable: true }, [name]);
    // Flushed before it gets its final name: a stick pulled at once still has a whole file or none.
    const handle = await open(partial, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, finalFile);
    const { size } = await stat(finalFile);
    return ok({ file: finalFile, sha256: await sha256OfFile(finalFile), bytes: size, files });
  } catch (error) {
    return err(`could not write the bundle: ${(error as Error).message}`);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

interface JournalFacts {
  readonly countsByType: Record<string, number>;
  /** Every token id the journal holds: none may appear in the bundle. */
  readonly needles: Needle[];
}

async function gatherJournal(journal: BundleDeps['journal']): Promise<JournalFacts> {
  const countsByType: Record<string, number> = {};
  const jtis = new Set<string>();
  const lastSeq = journal.lastSeq;
  if (lastSeq > 0) {
    const breathe = eventLoopYielder();
    for await (const event of journal.events(1)) {
      await breathe();
      countsByType[event.type] = (countsByType[event.type] ?? 0) + 1;
      collectJtis(event.data, jtis);
      if (event.seq >= lastSeq) break;
    }
  }
  return {
    countsByType,
    needles: [...jtis].map((text) => ({ label: 'a prescription token id (jti)', text })),
  };
}

function collectJtis(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectJtis(v, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'jti' && typeof v === 'string' && v.length >= 8) into.add(v);
      else collectJtis(v, into);
    }
  }
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
}

async function writeContents(top: string, deps: BundleDeps, journal: JournalFacts): Promise<void> {
  await writeJson(path.join(top, 'self-test/self-test.json'), deps.report);
  await writeFile(path.join(top, 'self-test/self-test.html'), renderSelfTestHtml(deps.report), {
    mode: 0o600,
  });

  await writeJson(path.join(top, 'devices/status.json'), {
    note: deps.devices ? undefined : 'the kiosk was not running: no device status',
    devices: deps.devices ?? [],
    counters: deps.traffic?.counters() ?? {},
  });
  for (const device of deps.traffic?.devices() ?? []) {
    await writeJson(path.join(top, `devices/traffic-${device}.json`), deps.traffic?.recent(device));
  }

  const logs: { source: string; includedBytes: number; truncated: boolean }[] = [];
  for (const file of deps.logFiles) {
    const tail = await readTail(file, deps.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES);
    if (!tail) continue;
    const out = path.join(top, 'logs', path.basename(file));
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, redactLogText(tail.text), { mode: 0o600 });
    logs.push({
      source: path.basename(file),
      includedBytes: tail.bytes,
      truncated: tail.truncated,
    });
  }
  await writeJson(path.join(top, 'logs/index.json'), {
    note:
      logs.length > 0
        ? 'JSON lines with token ids, PINs, dates of birth and token text removed'
        : 'no log file found: the kiosk logs to stderr (npm start keeps it in DATA_DIR/kiosk.log)',
    logs,
  });

  for (const [configName, value] of Object.entries(deps.config)) {
    await writeJson(path.join(top, `config/${configName}.json`), redactConfig(value));
  }
  await writeJson(path.join(top, 'lists.json'), deps.listSummaries());

  await writeJson(path.join(top, 'journal/segments.json'), await segmentHashes(deps.journal));
  await writeJson(path.join(top, 'journal/event-counts.json'), journal.countsByType);
}

async function segmentHashes(journal: BundleDeps['journal']): Promise<unknown> {
  const segments = [];
  for (const segment of await listSegments(journal.dir)) {
    const file = segmentPath(journal.dir, segment);
    const bytes = await readFile(file);
    segments.push({ file: segmentFileName(segment), bytes: bytes.length, sha256: sha256Of(bytes) });
  }
  const verified = await verifyJournalDir(
    journal.dir,
    journal.verifyCheckpoint ? { verifyCheckpoint: journal.verifyCheckpoint } : {},
  );
  return {
    note: 'hashes of the segment files as they were at export; the last one may still be growing',
    segments,
    verification: verified.ok
      ? {
          ok: true,
          lastSeq: verified.value.lastSeq,
          lastHash: verified.value.lastHash,
          checkpointsVerified: journal.verifyCheckpoint !== undefined,
          segments: verified.value.segments,
          tornTail: verified.value.tornTail,
        }
      : { ok: false, problem: describeJournalError(verified.error) },
  };
}

async function readTail(
  file: string,
  maxBytes: number,
): Promise<{ text: string; bytes: number; truncated: boolean } | null> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return null;
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - maxBytes);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    let text = buffer.toString('utf8');
    // Cut to the first whole line: half a JSON record is neither readable nor safely redactable.
    if (start > 0) text = text.slice(text.indexOf('\n') + 1);
    return { text, bytes: buffer.length, truncated: start > 0 };
  } finally {
    await handle.close();
  }
}
