import {
  TRAFFIC_DEVICE_IDS,
  TRAFFIC_VIEW_FRAMES,
  type TrafficCountersView,
  type TrafficDeviceId,
  type TrafficFrame,
  type TrafficToolEvent,
  type TrafficToolView,
} from '../../../../contracts/technician/traffic';
import type { TechnicianTool, TechnicianToolContext } from '../technician-tool';
import { TrafficFrameNumbers } from './traffic-frames';

/**
 * The panel's live traffic (issue 9 item 4): one device's recent frames from the traffic ring,
 * hex beside decoded, with its counters. The view is in every snapshot, so it carries frames only
 * while the tab watches (the panel says so when it opens and closes), and a new frame asks for a
 * snapshot only when it belongs to the device watched: the dispenser's POLLs (~5/s) cost nothing
 * while the technician is elsewhere. Pause freezes what is shown, per device, while the ring keeps
 * recording; Clear forgets the device's frames (its counters are its history and stay).
 */
export function createTrafficTool(
  context: TechnicianToolContext,
): TechnicianTool<TrafficToolView, TrafficToolEvent> {
  const numbers = new TrafficFrameNumbers();
  let device: TrafficDeviceId = 'dispenser';
  let watching = false;
  /** Paused devices → the frames shown when Pause was pressed. */
  const frozen = new Map<TrafficDeviceId, TrafficFrame[]>();

  const hw = context.hardware;
  const has: Record<TrafficDeviceId, boolean> = {
    dispenser: true,
    scanner: true,
    printer: Boolean(hw.printer),
    oximeter: Boolean(hw.oximeter),
    bpCuff: Boolean(hw.bpCuff),
  };
  const devices = TRAFFIC_DEVICE_IDS.filter((id) => has[id]);

  const liveFrames = (id: TrafficDeviceId): TrafficFrame[] =>
    numbers.frames(context.traffic.recent(id, TRAFFIC_VIEW_FRAMES));

  const countersOf = (id: TrafficDeviceId): TrafficCountersView => {
    const c = context.traffic.counters()[id];
    return {
      good: c?.rxFrames ?? 0,
      bad: c?.rxErrors ?? 0,
      sent: c?.txFrames ?? 0,
      timeouts: context.traffic.timeouts(id),
      reconnects: context.devices.statusList().find((s) => s.id === id)?.reconnects ?? 0,
    };
  };

  const offEntry = context.traffic.onEntry((entry) => {
    // Counters move even while paused, so the technician sees the ring still recording.
    if (watching && entry.device === device) context.changed();
  });

  return {
    eventTypes: ['TECH_TRAFFIC_WATCH', 'TECH_TRAFFIC_PAUSE', 'TECH_TRAFFIC_CLEAR'],
    view: () => ({
      devices,
      device,
      watching,
      paused: frozen.has(device),
      frames: watching ? (frozen.get(device) ?? liveFrames(device)) : [],
      counters: watching ? countersOf(device) : null,
    }),
    handle(event, who) {
      switch (event.type) {
        case 'TECH_TRAFFIC_WATCH':
          if (event.device === null) {
            watching = false;
          } else if (has[event.device]) {
            device = event.device;
            watching = true;
          } else {
            context.logger.warn(
              { device: event.device },
              'traffic view: the kiosk has no such device',
            );
            return;
          }
          break;
        case 'TECH_TRAFFIC_PAUSE':
          if (event.paused) {
            if (!frozen.has(device)) frozen.set(device, liveFrames(device));
          } else {
            frozen.delete(device);
          }
          break;
        case 'TECH_TRAFFIC_CLEAR':
          context.traffic.clear(device);
          if (frozen.has(device)) frozen.set(device, []);
          // The ring's frames also go into a diagnostics bundle: forgetting them is journaled.
          context.journal
            .append('TECH_ACTION', {
              technicianId: who.technicianId,
              action: 'traffic_clear',
              detail: `cleared the ${device} traffic ring`,
            })
            .catch((error: unknown) =>
              context.logger.error({ err: error }, 'traffic view: journal append failed'),
            );
          break;
      }
      context.changed();
    },
    reset() {
      watching = false;
      device = 'dispenser';
      frozen.clear();
    },
    stop() {
      offEntry();
    },
  };
}
