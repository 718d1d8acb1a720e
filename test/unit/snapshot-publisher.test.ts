import { describe, expect, it } from 'vitest';
import type { UiSnapshot } from '../../contracts/bridge';
import { createManualClock } from '../../contracts/clock';
import { MIN_SNAPSHOT_INTERVAL_MS, SnapshotPublisher } from '../../main/ui/snapshot-publisher';

const snap = (version: number): UiSnapshot => ({
  version,
  screen: 'attract',
  kioskName: 'k',
  language: 'en',
  devices: [],
});

describe('SnapshotPublisher', () => {
  it('sends at most one snapshot per 1/30 s and never drops the latest', () => {
    const clock = createManualClock();
    const publisher = new SnapshotPublisher(clock);
    const seen: number[] = [];
    publisher.subscribe((s) => seen.push(s.version));
    for (let v = 1; v <= 100; v++) publisher.publish(snap(v));
    expect(seen).toEqual([1]);
    clock.advance(MIN_SNAPSHOT_INTERVAL_MS);
    expect(seen).toEqual([1, 100]);
    clock.advance(1000);
    publisher.publish(snap(101));
    expect(seen).toEqual([1, 100, 101]);
  });

  it('gives a new subscriber the current snapshot at once', () => {
    const publisher = new SnapshotPublisher(createManualClock());
    publisher.publish(snap(7));
    const seen: number[] = [];
    publisher.subscribe((s) => seen.push(s.version));
    expect(seen).toEqual([7]);
  });
});
