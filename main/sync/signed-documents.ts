import { RestockOrderPayload } from '../../contracts/restock-order';
import type { Result } from '../../contracts/result';
import { SlotReleasePayload } from '../../contracts/slot-release';
import { SiteConfigPayload } from '../config/site-settings';
import type { EcPublicJwk } from '../keys/jwk-thumbprint';
import type { SignedListError } from '../prescriptions/signed-list';
import { parseWith, verifyRootSignedEnvelope } from '../technician/root-signed-envelope';

/**
 * Verifiers for the signed documents whose payload schemas live in contracts/ (shared with the
 * hub, which validates with the same schema before it signs): restock orders, cold-chain
 * releases; and the site config, whose schema is the kiosk's own (main/config/site-settings.ts).
 * The roster's is main/technician/roster.ts.
 */

export const RESTOCK_ORDER_TYP = 'opendispense-restock+jws';
export const SLOT_RELEASE_TYP = 'opendispense-release+jws';

export const verifyRestockOrder = (
  jws: string,
  rootPublicJwk: EcPublicJwk,
): Result<RestockOrderPayload, SignedListError> =>
  verifyRootSignedEnvelope(RESTOCK_ORDER_TYP, jws, rootPublicJwk, parseWith(RestockOrderPayload));

export const verifySlotReleases = (
  jws: string,
  rootPublicJwk: EcPublicJwk,
): Result<SlotReleasePayload, SignedListError> =>
  verifyRootSignedEnvelope(SLOT_RELEASE_TYP, jws, rootPublicJwk, parseWith(SlotReleasePayload));

export const SITE_CONFIG_TYP = 'opendispense-config+jws';

export const verifySiteConfig = (
  jws: string,
  rootPublicJwk: EcPublicJwk,
): Result<SiteConfigPayload, SignedListError> =>
  verifyRootSignedEnvelope(SITE_CONFIG_TYP, jws, rootPublicJwk, parseWith(SiteConfigPayload));
