import { beforeAll, describe, expect, it } from 'vitest';
import {
  decidePrescription,
  type DecidePrescriptionInput,
} from '../../main/prescriptions/decide-prescription';
import type { Prescription } from '../../main/prescriptions/prescription';
import {
  indexRefillList,
  emptyRefillList,
  type RefillList,
} from '../../main/prescriptions/refill-list';
import {
  emptyRevocationList,
  indexRevocationList,
  type RevocationList,
} from '../../main/prescriptions/revocation-list';
import {
  fillsCheck,
  intervalCheck,
  offlineLimitCheck,
  revocationCheck,
  stateChecksFor,
  type FillLedger,
} from '../../main/prescriptions/state-checks';
import { indexTrustList } from '../../main/prescriptions/trust-index';
import type { TokenClaims } from '../../main/prescriptions/token-payload';
import {
  ISS,
  KIOSK,
  NOW,
  NOW_S,
  SITE,
  baseClaims,
  forgeJws,
  makeIssuer,
  toQr,
  trustFor,
  type TestIssuer,
} from '../fixtures/prescriptions/token-forge';

const DAY = 86_400_000;
const JTI = '3f1c2a9e-6b7d-4e21-9a0c-5d8e7f6a1b2c';
const rx: Prescription = {
  jti: JTI,
  iss: ISS,
  kid: 'kid-1',
  rid: 'rid-1',
  nbf: NOW_S - 3600,
  patient: {},
  medication: { display: 'Amlodipine', codings: [{ system: 's', code: 'c' }], gtins: [] },
  dose: 'one a day',
  packsPerFill: 1,
  fillsAllowed: 2,
  expectedSupplyDays: 30,
  dispenseIntervalDays: 24,
  validity: { start: '2026-01-01', end: '2026-12-31' },
  prescriber: { display: 'Dr. Test' },
};
const context = { now: NOW, kioskId: KIOSK, siteId: SITE };
const window = { lastSuccessfulSync: NOW - DAY, offlineWindowDays: 7 };
const revocationList = (edit: Partial<RevocationList> = {}) =>
  indexRevocationList({ ...emptyRevocationList(1, NOW_S - 86_400, NOW_S + 30 * 86_400), ...edit });
const refillList = (edit: Partial<RefillList> = {}) =>
  indexRefillList({ ...emptyRefillList(1, NOW_S - 86_400, NOW_S + 30 * 86_400), ...edit });
const ledger = (
  count: number,
  daysAgo: number,
  lastSeq: number,
  acknowledgedSeq: number,
): FillLedger => ({
  fills: { [JTI]: { count, lastAt: new Date(NOW - daysAgo * DAY).toISOString(), lastSeq } },
  acknowledgedSeq,
});
const EMPTY_LEDGER: FillLedger = { fills: {}, acknowledgedSeq: 0 };

describe('step 8: revocationCheck', () => {
  it('passes a token the list does not name', () => {
    expect(
      revocationCheck(revocationList({ jtis: ['other'] }), window)(rx, context),
    ).toBeUndefined();
  });
  it.each([
    ['jti', { jtis: [JTI] }],
    ['rid', { rids: ['rid-1'] }],
    ['kid', { kids: ['kid-1'] }],
  ])('refuses a revoked %s', (_name, edit) => {
    expect(revocationCheck(revocationList(edit), window)(rx, context)?.reason).toBe('revoked');
  });
  it('refuses when the list is missing or stale (trust_list_stale), before looking at ids', () => {
    expect(revocationCheck(undefined, window)(rx, context)?.reason).toBe('trust_list_stale');
    const stale = revocationList({ jtis: [JTI], expiresAt: NOW_S - 1 });
    expect(revocationCheck(stale, window)(rx, context)?.reason).toBe('trust_list_stale');
    const old = { lastSuccessfulSync: NOW - 8 * DAY, offlineWindowDays: 7 };
    expect(revocationCheck(revocationList(), old)(rx, context)?.reason).toBe('trust_list_stale');
  });
  it('a token without a rid is not matched by an empty-string rid', () => {
    const { rid: _rid, ...noRid } = rx;
    expect(
      revocationCheck(revocationList({ rids: ['x'] }), window)(noRid, context),
    ).toBeUndefined();
  });
});

describe('step 9: fillsCheck', () => {
  it('allows fills below 1 + repeats and refuses at the limit', () => {
    expect(fillsCheck(ledger(1, 30, 1, 1), undefined, window)(rx, context)).toBeUndefined();
    expect(fillsCheck(ledger(2, 30, 1, 1), undefined, window)(rx, context)?.reason).toBe(
      'no_fills_left',
    );
  });
  it('counts fills at other kiosks, summed over the entries the hub sent', () => {
    const remote = refillList({
      fills: [
        { jti: JTI, count: 1, lastAt: NOW_S - 50 * 86_400 },
        { jti: 'other', count: 5, lastAt: NOW_S },
      ],
    });
    expect(fillsCheck(EMPTY_LEDGER, remote, window)(rx, context)).toBeUndefined();
    expect(fillsCheck(ledger(1, 30, 1, 1), remote, window)(rx, context)?.reason).toBe(
      'no_fills_left',
    );
    const two = refillList({
      fills: [
        { jti: JTI, count: 1, lastAt: NOW_S - 50 * 86_400 },
        { jti: JTI, count: 1, lastAt: NOW_S - 40 * 86_400 },
      ],
    });
    expect(fillsCheck(EMPTY_LEDGER, two, window)(rx, context)?.reason).toBe('no_fills_left');
  });
  it('adds extra fills of authorizations still valid (notAfter inclusive to the second)', () => {
    const refills = refillList({
      refills: [
        { jti: JTI, extraFills: 1, notAfter: NOW_S },
        { jti: JTI, extraFills: 2, notAfter: NOW_S - 1 },
        { jti: 'other', extraFills: 9, notAfter: NOW_S + 99 },
      ],
    });
    expect(refills.extraFills(JTI, NOW)).toBe(1);
    expect(refills.extraFills(JTI, NOW + 999)).toBe(1);
    expect(refills.extraFills(JTI, NOW + 1000)).toBe(0);
    expect(refills.extraFills(JTI, NOW - 1000)).toBe(3);
    expect(fillsCheck(ledger(2, 30, 1, 1), refills, window)(rx, context)).toBeUndefined();
    expect(fillsCheck(ledger(3, 30, 1, 1), refills, window)(rx, context)?.reason).toBe(
      'no_fills_left',
    );
  });
  it('refuses with trust_list_stale when the refill list is past the window', () => {
    const stale = refillList({ expiresAt: NOW_S - 1 });
    expect(fillsCheck(EMPTY_LEDGER, stale, window)(rx, context)?.reason).toBe('trust_list_stale');
  });
  it('never reads inherited members of the ledger', () => {
    const proto = { ...rx, jti: 'constructor' };
    expect(fillsCheck(EMPTY_LEDGER, undefined, window)(proto, context)).toBeUndefined();
  });
});

describe('step 9: offlineLimitCheck', () => {
  it('refuses while a fill here is above the acknowledged seq, allows once acknowledged', () => {
    expect(offlineLimitCheck(ledger(1, 30, 12, 11))(rx, context)?.reason).toBe('offline_limit');
    expect(offlineLimitCheck(ledger(1, 30, 12, 12))(rx, context)).toBeUndefined();
    expect(offlineLimitCheck(ledger(1, 30, 12, 40))(rx, context)).toBeUndefined();
    expect(offlineLimitCheck(EMPTY_LEDGER)(rx, context)).toBeUndefined();
  });
});

describe('step 10: intervalCheck', () => {
  it('uses the later of the fill here and elsewhere', () => {
    expect(intervalCheck(ledger(1, 24, 1, 1), undefined)(rx, context)).toBeUndefined();
    expect(intervalCheck(ledger(1, 23.9, 1, 1), undefined)(rx, context)?.reason).toBe('too_soon');
    const remote = refillList({ fills: [{ jti: JTI, count: 1, lastAt: NOW_S - 10 * 86_400 }] });
    expect(intervalCheck(ledger(1, 30, 1, 1), remote)(rx, context)?.reason).toBe('too_soon');
    expect(intervalCheck(EMPTY_LEDGER, undefined)(rx, context)).toBeUndefined();
  });
  it('a zero interval allows a fill at once; an unreadable ledger time fails closed', () => {
    expect(
      intervalCheck(ledger(1, 0, 1, 1), undefined)({ ...rx, dispenseIntervalDays: 0 }, context),
    ).toBeUndefined();
    const bad: FillLedger = {
      fills: { [JTI]: { count: 1, lastAt: 'yesterday', lastSeq: 1 } },
      acknowledgedSeq: 1,
    };
    expect(intervalCheck(bad, undefined)(rx, context)?.reason).toBe('too_soon');
  });
});

describe('stateChecksFor: §4 order', () => {
  it('revocation before fills before the offline rule before the interval', () => {
    const allBad = stateChecksFor({
      revocation: revocationList({ jtis: [JTI] }),
      ledger: ledger(2, 1, 9, 0),
      window,
    });
    const first = (checks: ReturnType<typeof stateChecksFor>) =>
      checks.map((c) => c(rx, context)).find((r) => r !== undefined)?.reason;
    expect(first(allBad)).toBe('revoked');
    expect(
      first(stateChecksFor({ revocation: revocationList(), ledger: ledger(2, 1, 9, 0), window })),
    ).toBe('no_fills_left');
    expect(
      first(stateChecksFor({ revocation: revocationList(), ledger: ledger(1, 1, 9, 0), window })),
    ).toBe('offline_limit');
    expect(
      first(stateChecksFor({ revocation: revocationList(), ledger: ledger(1, 1, 9, 9), window })),
    ).toBe('too_soon');
    expect(
      first(stateChecksFor({ revocation: revocationList(), ledger: ledger(1, 30, 9, 9), window })),
    ).toBe(undefined);
  });
});

describe('decidePrescription', () => {
  let issuer: TestIssuer;
  let claims: TokenClaims;
  let input: DecidePrescriptionInput;
  beforeAll(() => {
    issuer = makeIssuer();
    claims = baseClaims();
    input = {
      qrText: toQr(forgeJws(issuer, claims)),
      lists: {
        trust: indexTrustList(trustFor([{ iss: ISS, issuer }])),
        revocation: revocationList(),
        refill: refillList(),
      },
      ledger: EMPTY_LEDGER,
      clockTrust: { trusted: true },
      now: NOW,
      kioskId: KIOSK,
      siteId: SITE,
      timeZone: 'UTC',
      offlineWindowDays: 7,
      lastSuccessfulSync: NOW - DAY,
    };
  });
  const reason = (edit: Partial<DecidePrescriptionInput>) => {
    const result = decidePrescription({ ...input, ...edit });
    return result.ok ? 'accepted' : result.error.reason;
  };

  it('accepts a valid token with fresh lists and an empty ledger', () => {
    const result = decidePrescription(input);
    expect(result.ok && result.value.jti).toBe(claims.jti);
  });

  it('the first failing step decides: a malformed QR beats a stale trust list and a bad clock', () => {
    const everythingWrong = {
      qrText: `${input.qrText}1`,
      lastSuccessfulSync: NOW - 30 * DAY,
      clockTrust: { trusted: false, detail: 'moved back' } as const,
    };
    expect(reason(everythingWrong)).toBe('malformed');
    expect(reason({ ...everythingWrong, qrText: input.qrText })).toBe('trust_list_stale');
    expect(reason({ clockTrust: { trusted: false, detail: 'moved back' } })).toBe(
      'clock_untrusted',
    );
  });

  it('uses the offline window for the trust list (step 3), not just its expiresAt', () => {
    expect(reason({ lastSuccessfulSync: NOW - 7 * DAY })).toBe('accepted');
    expect(reason({ lastSuccessfulSync: NOW - 7 * DAY - 1 })).toBe('trust_list_stale');
    expect(reason({ lastSuccessfulSync: undefined })).toBe('trust_list_stale');
    expect(reason({ lists: { ...input.lists, trust: undefined } })).toBe('trust_list_stale');
  });

  it('runs the state checks between the time checks and the kiosk binding', () => {
    const revoked = { ...input.lists, revocation: revocationList({ jtis: [claims.jti] }) };
    expect(reason({ lists: revoked })).toBe('revoked');
    // Revoked and bound elsewhere: step 8 comes before step 11.
    expect(reason({ lists: revoked, kioskId: 'x', siteId: 'y' })).toBe('revoked');
    expect(reason({ kioskId: 'x', siteId: 'y' })).toBe('wrong_kiosk');
    const used = {
      fills: { [claims.jti]: { count: 1, lastAt: new Date(NOW - DAY).toISOString(), lastSeq: 4 } },
    };
    expect(reason({ ledger: { ...used, acknowledgedSeq: 3 } })).toBe('offline_limit');
    expect(reason({ ledger: { ...used, acknowledgedSeq: 4 } })).toBe('too_soon');
  });
});
