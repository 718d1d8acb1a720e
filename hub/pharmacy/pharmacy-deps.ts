import type { Clock } from '../../contracts/clock';
import type { IssuerKey } from '../../main/prescriptions/issuer-keys';
import type { HubDatabase } from '../db/hub-database';
import type { DownloadsStore } from '../server/downloads-store';

/** What every pharmacist action needs: the storage, the signed downloads, the clock and the issuer key. */
export interface PharmacyDeps {
  readonly db: HubDatabase;
  readonly downloads: Pick<DownloadsStore, 'publishIn' | 'latestPayload'>;
  readonly clock: Pick<Clock, 'now'>;
  /** The pharmacy's prescription issuer: the `iss` and key the fleet trust list names. */
  readonly issuer: { readonly iss: string; readonly key: IssuerKey };
}

/** The signed-in pharmacist an action is taken by (hub_audit.username, downloads.created_by). */
export interface Actor {
  readonly username: string;
  readonly displayName: string;
}
