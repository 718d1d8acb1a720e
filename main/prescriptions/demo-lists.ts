import type { KeyObject } from 'node:crypto';
import { err, ok, type Result } from '../../contracts/result';
import type { EcPublicJwk } from '../keys/jwk-thumbprint';
import { nextRevocationList, nextTrustList } from './list-builders';
import { emptyRefillList } from './refill-list';
import { signSignedList, type SignedListKind } from './signed-list';

/**
 * The signed lists the embedded demo installs at every start (DESIGN §8 "Demo": with no hub, each
 * start re-signs the demo lists so the demo never goes stale): a trust list naming the demo
 * issuer, an empty revocation list and an empty refill list, all signed by the demo root key.
 * Versions are the start time in epoch seconds, so each start's lists install over the last ones.
 */

const DAY_S = 86_400;
/** Lists are issued well beyond the offline window (prescription-token.md §4a). */
export const DEMO_LIST_DAYS = 30;

export interface DemoListsInput {
  readonly rootKey: KeyObject;
  readonly issuer: { readonly iss: string; readonly jwk: EcPublicJwk };
  /** Keys allowed to sign technicians' service badges (never a prescriber key). */
  readonly badgeIssuers?: readonly EcPublicJwk[];
  /** Epoch ms. */
  readonly now: number;
}

export function signDemoLists(
  input: DemoListsInput,
): Result<Record<Exclude<SignedListKind, 'lock'>, string>, string> {
  const issuedAt = Math.floor(input.now / 1000);
  const validity = { issuedAt, expiresAt: issuedAt + DEMO_LIST_DAYS * DAY_S };
  const version = issuedAt;
  // The demo key is trusted for prescriptions issued in the last year.
  const trust = nextTrustList(
    undefined,
    {
      add: [{ iss: input.issuer.iss, jwk: input.issuer.jwk, notBefore: issuedAt - 365 * DAY_S }],
      ...(input.badgeIssuers && { badgeIssuers: input.badgeIssuers }),
    },
    version,
    validity,
  );
  const revocation = nextRevocationList(undefined, {}, version, validity);
  const refill = emptyRefillList(version, validity.issuedAt, validity.expiresAt);
  const signedTrust = signSignedList('trust', trust, input.rootKey);
  const signedRevocation = signSignedList('revocation', revocation, input.rootKey);
  const signedRefill = signSignedList('refill', refill, input.rootKey);
  if (!signedTrust.ok) return err(`demo trust list: ${signedTrust.error.detail}`);
  if (!signedRevocation.ok) return err(`demo revocation list: ${signedRevocation.error.detail}`);
  if (!signedRefill.ok) return err(`demo refill list: ${signedRefill.error.detail}`);
  return ok({
    trust: signedTrust.value,
    revocation: signedRevocation.value,
    refill: signedRefill.value,
  });
}
