import { assign, fromCallback, fromPromise, setup } from 'xstate';

/**
 * One device's link (DESIGN §3): closed → opening → ready ↔ degraded → lost → backoff → opening.
 * An unplugged cable shows only as a failed read/write or an unexpected close, so any error is
 * `lost`; the device is then reopened with a capped exponential backoff, which also covers "port
 * busy / cannot lock" while the OS is still releasing it. A device the current patient step does
 * not need never blocks the flow: this machine only reports.
 */

export interface SupervisorInput {
  device: string;
}

export type SupervisorEvent =
  | { type: 'START' }
  | { type: 'STOP' }
  /** The driver sees the device but it is late or noisy (e.g. no POLL for 1 s). */
  | { type: 'DEGRADED'; detail: string }
  /** The driver sees valid traffic again. */
  | { type: 'HEALTHY' }
  /** A read/write failed, the port closed, or the device stopped answering. */
  | { type: 'LOST'; detail: string };

interface SupervisorContext {
  device: string;
  /** Failed opens since the last success: sets the next backoff. */
  failedOpens: number;
  /** Times the device came back after being lost. */
  reconnects: number;
  lastError: string | null;
  everReady: boolean;
}

export const SUPERVISOR_DELAYS = {
  /** First reopen after a loss: a replugged cable is usually back within a second. */
  REOPEN_FIRST_MS: 250,
  /** Cap, so a device that comes back after an hour is found within seconds of it. */
  REOPEN_MAX_MS: 5_000,
};

export function reopenDelayMs(failedOpens: number): number {
  return Math.min(
    SUPERVISOR_DELAYS.REOPEN_MAX_MS,
    SUPERVISOR_DELAYS.REOPEN_FIRST_MS * 2 ** Math.max(0, failedOpens - 1),
  );
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const deviceSupervisorMachine = setup({
  types: {
    input: {} as SupervisorInput,
    context: {} as SupervisorContext,
    events: {} as SupervisorEvent,
  },
  actors: {
    /** Opens the port and hands it to the driver; rejects with a clear reason. */
    openDevice: fromPromise<void, { device: string }>(async () => {
      throw new Error('openDevice must be provided by main');
    }),
    /** Watches the open device: sends DEGRADED / HEALTHY / LOST to the supervisor. */
    watchDevice: fromCallback<SupervisorEvent, { device: string }>(() => {
      throw new Error('watchDevice must be provided by main');
    }),
    /** Closes the port (after a loss, before reopening). Never rejects. */
    closeDevice: fromPromise<void, { device: string }>(async () => {}),
  },
  delays: {
    REOPEN: ({ context }) => reopenDelayMs(context.failedOpens),
  },
}).createMachine({
  id: 'deviceSupervisor',
  context: ({ input }) => ({
    device: input.device,
    failedOpens: 0,
    reconnects: 0,
    lastError: null,
    everReady: false,
  }),
  initial: 'closed',
  on: { STOP: '.stopping' },
  states: {
    closed: { on: { START: 'opening' } },
    opening: {
      invoke: {
        src: 'openDevice',
        input: ({ context }) => ({ device: context.device }),
        onDone: {
          target: 'connected',
          actions: assign({
            reconnects: ({ context }) =>
              context.everReady ? context.reconnects + 1 : context.reconnects,
            everReady: true,
            failedOpens: 0,
          }),
        },
        onError: {
          target: 'backoff',
          actions: assign({
            failedOpens: ({ context }) => context.failedOpens + 1,
            lastError: ({ event }) => errorText(event.error),
          }),
        },
      },
    },
    connected: {
      // Parent of ready/degraded so one watcher runs for the whole time the port is open.
      invoke: { src: 'watchDevice', input: ({ context }) => ({ device: context.device }) },
      on: {
        LOST: { target: 'lost', actions: assign({ lastError: ({ event }) => event.detail }) },
      },
      initial: 'ready',
      states: {
        ready: {
          on: {
            DEGRADED: {
              target: 'degraded',
              actions: assign({ lastError: ({ event }) => event.detail }),
            },
          },
        },
        degraded: { on: { HEALTHY: 'ready' } },
      },
    },
    lost: {
      invoke: {
        src: 'closeDevice',
        input: ({ context }) => ({ device: context.device }),
        onDone: { target: 'backoff', actions: assign({ failedOpens: 1 }) },
        onError: { target: 'backoff', actions: assign({ failedOpens: 1 }) },
      },
    },
    backoff: { after: { REOPEN: 'opening' } },
    stopping: {
      invoke: {
        src: 'closeDevice',
        input: ({ context }) => ({ device: context.device }),
        onDone: 'closed',
        onError: 'closed',
      },
    },
  },
});

/** The bridge's small link vocabulary for a supervisor state. */
export function supervisorLink(
  value: unknown,
): 'closed' | 'opening' | 'ready' | 'degraded' | 'lost' {
  if (typeof value === 'object' && value !== null && 'connected' in value) {
    return (value as { connected: string }).connected === 'degraded' ? 'degraded' : 'ready';
  }
  switch (value) {
    case 'opening':
      return 'opening';
    case 'lost':
    case 'backoff':
      return 'lost';
    default:
      return 'closed';
  }
}
