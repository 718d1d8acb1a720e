import type { Logger } from 'pino';
import type { Clock } from '../../../contracts/clock';
import type { RestockOrderPayload } from '../../../contracts/restock-order';
import type { SlotReleasePayload } from '../../../contracts/slot-release';
import type { ColdChain } from '../../cabinet/cold-chain';
import type { HardwareConfig } from '../../config/hardware-config';
import type { SiteConfig } from '../../config/site-config';
import type { DeviceTrafficRing } from '../../diagnostics/device-traffic-ring';
import type { KioskDevices } from '../../devices/kiosk-devices';
import type { StockRulesDeps } from '../../dispensing/stock-rules';
import type { InventoryState } from '../../inventory/inventory-state';
import type { Journal } from '../../journal';
import type { ListStore } from '../../prescriptions/list-store';
import type { SignedDocumentStore } from '../../sync/signed-document-store';
import type { ViewStore } from '../../views';
import type { TechnicianIdentity } from '../../../state-machines/diagnostics';

/**
 * One tool of the technician panel (issue 9): a main-side service with a view for the snapshot
 * and a handler for its own `TECH_` events. Main calls it only while a technician is logged in
 * to the panel, and passes who it is, so every journal event it writes names the technician.
 */
export interface TechnicianTool<View, Event extends { type: string }> {
  /** The `type`s of the UiEvents this tool takes (from its contract). */
  readonly eventTypes: readonly string[];
  view(): View;
  handle(event: Event, who: TechnicianIdentity): void;
  /** A scan while this tool is open (never a badge: main keeps those). */
  scan?(scan: { text: string; aim: string | null }, who: TechnicianIdentity): void;
  /** The technician logged out (or idled out): forget work in progress. */
  reset?(): void;
  stop?(): Promise<void> | void;
}

/** What the kiosk gives every tool (main/app.ts builds it once). */
export interface TechnicianToolContext {
  readonly journal: Journal;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly dataDir: string;
  readonly hardware: HardwareConfig;
  /** The site config in force (a signed config download can change it while the kiosk runs). */
  readonly site: () => SiteConfig;
  readonly devices: KioskDevices;
  readonly traffic: DeviceTrafficRing;
  readonly inventory: ViewStore<InventoryState>;
  readonly lists: ListStore;
  readonly restockOrder: SignedDocumentStore<RestockOrderPayload>;
  readonly releases: SignedDocumentStore<SlotReleasePayload>;
  /** The stock rules dispensing uses (recalls, blocked slots, expiry). */
  readonly stock: StockRulesDeps;
  /** The cold chain (cabinet tool): temperature series, excursions, blocked slots. */
  readonly coldChain?: ColdChain;
  /** Call when the tool's view changed: the snapshot is republished (throttled). */
  readonly changed: () => void;
}
