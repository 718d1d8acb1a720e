import { z } from 'zod';

/**
 * The technician panel's traffic tool (issue 9 item 4): what main shows (`TrafficToolView`, part
 * of the snapshot's technician view) and what the renderer may ask (`TrafficToolEvents`, each a
 * `TECH_` UiEvent). Frames come from the device traffic ring, already made safe there (scanner
 * payloads redacted to symbology, length and first 8 characters; a cuff's pressures dropped).
 * The view is part of every snapshot, so it holds frames only while the tab watches a device.
 */

/** The devices whose traffic the view can show, those the kiosk has. */
export const TRAFFIC_DEVICE_IDS = [
  'dispenser',
  'scanner',
  'printer',
  'oximeter',
  'bpCuff',
] as const;
export const TrafficDeviceId = z.enum(TRAFFIC_DEVICE_IDS);
export type TrafficDeviceId = z.infer<typeof TrafficDeviceId>;

/** At most this many frames are shown (the newest). */
export const TRAFFIC_VIEW_FRAMES = 200;

export const TrafficFrame = z.strictObject({
  /** Increases with every frame the tool has seen: a stable key, and "newer than" for tests. */
  id: z.number().int().nonnegative(),
  /** Kiosk clock, epoch ms. */
  at: z.number(),
  /** `event`: something the driver noted that is neither sent nor received as a frame. */
  dir: z.enum(['rx', 'tx', 'event']),
  /** Raw bytes as hex (at most 64 bytes, then "…"); null where the ring keeps no bytes. */
  hex: z.string().max(400).nullable(),
  /** The decoded frame, or the redacted summary. */
  summary: z.string().max(300),
  /** The codec's error code when the frame did not decode. */
  error: z.string().max(64).nullable(),
});
export type TrafficFrame = z.infer<typeof TrafficFrame>;

export const TrafficCountersView = z.strictObject({
  /** Frames received that decoded, and that did not (since the kiosk started). */
  good: z.number().int().nonnegative(),
  bad: z.number().int().nonnegative(),
  sent: z.number().int().nonnegative(),
  /** Frames sent again because no reply came in time. */
  timeouts: z.number().int().nonnegative(),
  /** How often the device supervisor reopened the link. */
  reconnects: z.number().int().nonnegative(),
});
export type TrafficCountersView = z.infer<typeof TrafficCountersView>;

export const TrafficToolView = z.strictObject({
  /** The devices the kiosk has, in a fixed order. */
  devices: z.array(TrafficDeviceId).max(TRAFFIC_DEVICE_IDS.length),
  /** The device picked (kept when the tab closes). */
  device: TrafficDeviceId,
  /** True while the tab is open: only then are frames and counters filled in. */
  watching: z.boolean(),
  /** The picked device's frames are frozen as they were when Pause was pressed. */
  paused: z.boolean(),
  /** Oldest first, newest last. */
  frames: z.array(TrafficFrame).max(TRAFFIC_VIEW_FRAMES),
  counters: TrafficCountersView.nullable(),
});
export type TrafficToolView = z.infer<typeof TrafficToolView>;

/** The tab opened on a device (or a device was picked), or closed (null). */
export const TrafficWatchEvent = z.strictObject({
  type: z.literal('TECH_TRAFFIC_WATCH'),
  device: TrafficDeviceId.nullable(),
});
/** Pause (true) freezes what is shown for the picked device; the ring keeps recording. */
export const TrafficPauseEvent = z.strictObject({
  type: z.literal('TECH_TRAFFIC_PAUSE'),
  paused: z.boolean(),
});
/** Forgets the picked device's frames up to now (its counters stay). */
export const TrafficClearEvent = z.strictObject({
  type: z.literal('TECH_TRAFFIC_CLEAR'),
});

export const TrafficToolEvents = [TrafficWatchEvent, TrafficPauseEvent, TrafficClearEvent] as const;
export type TrafficToolEvent = z.infer<(typeof TrafficToolEvents)[number]>;
