import type { KioskBridge } from '../../contracts/bridge';

/** What main/app.ts's startKiosk resolves to; the shell needs nothing more. */
export interface RunningKiosk {
  bridge: KioskBridge;
  stop(): Promise<void>;
}
