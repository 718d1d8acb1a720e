import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEvent, JournalEventDataOf } from '../../contracts/journal-events';
import { openJournal, type Journal } from '../../main/journal';
import { createEphemeralDeviceKey } from '../../main/keys';
import {
  emptyLabelQueue,
  openLabelQueue,
  reduceLabelQueue,
  type LabelQueueState,
} from '../../main/technician/tools/printer/label-queue';

/**
 * The reprint queue (issue 9): LABEL_FAILED whose labelId has no later LABEL_PRINTED, in the
 * order they failed, reduced from the journal into a small view that survives a restart.
 */

const key = createEphemeralDeviceKey();
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'label-queue-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function openAt(): Promise<Journal> {
  const opened = await openJournal({
    dir: path.join(dir, 'journal'),
    signer: key,
    verifyCheckpoint: key.verifyCheckpoint,
  });
  if (!opened.ok) throw new Error(`open failed: ${JSON.stringify(opened.error)}`);
  return opened.value;
}

const failed = (labelId: string, medication: string): JournalEventDataOf<'LABEL_FAILED'> => ({
  labelId,
  jti: `jti-${labelId}`,
  reason: 'REFUSED PAPER_OUT: the printer cannot print: paper out',
  label: {
    medication,
    dose: 'One tablet a day',
    quantity: 2,
    lots: [{ lot: 'LOT-1', expiry: '2027-03-31' }],
    language: 'en',
    date: '2026-01-01',
  },
});

let seq = 0;
function event<T extends 'LABEL_FAILED' | 'LABEL_PRINTED' | 'TECH_ACTION'>(
  type: T,
  data: JournalEventDataOf<T>,
  ts = '2026-01-01T10:00:00.000Z',
): JournalEvent {
  seq++;
  return {
    seq,
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    ts,
    type,
    data,
    prev: '0'.repeat(64),
    hash: '0'.repeat(64),
  } as JournalEvent;
}

const ids = (state: LabelQueueState) => state.labels.map((l) => l.labelId);

describe('reduceLabelQueue', () => {
  it('queues each failed label in the order it failed, with when and what it says', () => {
    let state = emptyLabelQueue();
    state = reduceLabelQueue(state, event('LABEL_FAILED', failed('L-10', 'Amlodipine')));
    state = reduceLabelQueue(
      state,
      event('LABEL_FAILED', failed('L-20', 'Metformin'), '2026-01-01T11:30:00.000Z'),
    );
    expect(ids(state)).toEqual(['L-10', 'L-20']);
    expect(state.labels[1]).toMatchObject({
      jti: 'jti-L-20',
      failedAt: Date.parse('2026-01-01T11:30:00.000Z'),
      label: { medication: 'Metformin', quantity: 2 },
    });
  });

  it('a LABEL_PRINTED (a reprint) takes its label out; the others stay', () => {
    let state = emptyLabelQueue();
    for (const e of [
      event('LABEL_FAILED', failed('L-10', 'Amlodipine')),
      event('LABEL_FAILED', failed('L-20', 'Metformin')),
      event('LABEL_PRINTED', { labelId: 'L-10', jti: 'jti-L-10', reprint: true }),
    ])
      state = reduceLabelQueue(state, e);
    expect(ids(state)).toEqual(['L-20']);
  });

  it('a label printed first time, or a print of a label never queued, changes nothing', () => {
    let state = reduceLabelQueue(
      emptyLabelQueue(),
      event('LABEL_FAILED', failed('L-10', 'Amlodipine')),
    );
    const before = state;
    state = reduceLabelQueue(
      state,
      event('LABEL_PRINTED', { labelId: 'L-99', jti: 'x', reprint: false }),
    );
    state = reduceLabelQueue(
      state,
      event('TECH_ACTION', { technicianId: 'T-1', action: 'label_reprint', detail: 'L-10' }),
    );
    expect(state).toBe(before);
  });

  it('a label that fails again after it was printed is queued again; a repeat failure moves it last', () => {
    let state = emptyLabelQueue();
    for (const e of [
      event('LABEL_FAILED', failed('L-10', 'Amlodipine')),
      event('LABEL_FAILED', failed('L-20', 'Metformin')),
      event('LABEL_FAILED', failed('L-10', 'Amlodipine')),
    ])
      state = reduceLabelQueue(state, e);
    expect(ids(state)).toEqual(['L-20', 'L-10']);
    state = reduceLabelQueue(
      state,
      event('LABEL_PRINTED', { labelId: 'L-20', jti: 'jti-L-20', reprint: true }),
    );
    state = reduceLabelQueue(state, event('LABEL_FAILED', failed('L-20', 'Metformin')));
    expect(ids(state)).toEqual(['L-10', 'L-20']);
  });
});

describe('the queue view over the journal', () => {
  it('follows appends live, and is rebuilt the same after a restart without its file', async () => {
    const journal = await openAt();
    const queue = await openLabelQueue({ dataDir: dir, journal });
    await journal.append('LABEL_FAILED', failed('L-10', 'Amlodipine'));
    await journal.append('LABEL_FAILED', failed('L-20', 'Metformin'));
    expect(ids(queue.state)).toEqual(['L-10', 'L-20']);
    await journal.append('LABEL_PRINTED', { labelId: 'L-10', jti: 'jti-L-10', reprint: true });
    expect(ids(queue.state)).toEqual(['L-20']);
    await queue.close();

    // From its file, then with the file gone: both agree with the journal.
    const reopened = await openLabelQueue({ dataDir: dir, journal });
    expect(reopened.opened.from).toBe('file');
    expect(ids(reopened.state)).toEqual(['L-20']);
    await reopened.close();
    await rm(path.join(dir, 'views'), { recursive: true, force: true });
    const rebuilt = await openLabelQueue({ dataDir: dir, journal });
    expect(rebuilt.opened).toMatchObject({ from: 'rebuild', reason: 'missing' });
    expect(rebuilt.state.labels).toEqual(reopened.state.labels);
    await rebuilt.close();
    await journal.close();
  });
});
