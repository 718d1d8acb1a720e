import { describe, expect, it } from 'vitest';
import {
  nextListVersion,
  nextRefillList,
  nextRevocationList,
  nextTrustList,
} from '../../main/prescriptions/list-builders';
import { emptyRefillList } from '../../main/prescriptions/refill-list';
import { emptyRevocationList } from '../../main/prescriptions/revocation-list';
import { signSignedList } from '../../main/prescriptions/signed-list';
import { indexTrustList } from '../../main/prescriptions/trust-index';
import { makeIssuer } from '../fixtures/prescriptions/token-forge';

const times = { issuedAt: 5_000, expiresAt: 9_000 };
const a = makeIssuer();
const b = makeIssuer();

describe('list builders', () => {
  it('versions only go up: explicit above the previous, else max(previous + 1, issuedAt)', () => {
    expect(nextListVersion(undefined, 5_000)).toEqual({ ok: true, value: 5_000 });
    expect(nextListVersion(7_000, 5_000)).toEqual({ ok: true, value: 7_001 });
    expect(nextListVersion(3, 5_000)).toEqual({ ok: true, value: 5_000 });
    expect(nextListVersion(3, 5_000, 4)).toEqual({ ok: true, value: 4 });
    expect(nextListVersion(3, 5_000, 3).ok).toBe(false);
    expect(nextListVersion(undefined, 5_000, -1).ok).toBe(false);
  });

  it('adds revocations without duplicates and keeps the previous ones', () => {
    const previous = {
      ...emptyRevocationList(1, 0, 10),
      jtis: ['j1'],
      lots: [{ gtin: '09506000134352', lot: 'L1' }],
    };
    const next = nextRevocationList(
      previous,
      {
        jtis: ['j1', 'j2'],
        lots: [
          { gtin: '09506000134352', lot: 'L1' },
          { gtin: '09506000134352', lot: 'L2' },
        ],
        kids: [a.kid],
      },
      2,
      times,
    );
    expect(next).toMatchObject({
      version: 2,
      ...times,
      jtis: ['j1', 'j2'],
      kids: [a.kid],
      rids: [],
      badges: [],
    });
    expect(next.lots.map((l) => l.lot)).toEqual(['L1', 'L2']);
  });

  it('carries live refill authorizations and remote fills forward, dropping expired ones', () => {
    const previous = {
      ...emptyRefillList(1, 0, 10),
      refills: [
        { jti: 'old', extraFills: 1, notAfter: 4_999 },
        { jti: 'live', extraFills: 1, notAfter: 5_000 },
      ],
      fills: [{ jti: 'live', count: 1, lastAt: 100 }],
    };
    const next = nextRefillList(
      previous,
      [{ jti: 'new', extraFills: 2, notAfter: 8_000 }],
      2,
      times,
    );
    expect(next.refills.map((r) => r.jti)).toEqual(['live', 'new']);
    expect(next.fills).toEqual(previous.fills);
  });

  it('keeps existing key windows, adds new keys, removes retired ones, and signs cleanly', () => {
    const first = nextTrustList(
      undefined,
      { add: [{ iss: 'https://a.example.org', jwk: a.jwk, notBefore: 100 }] },
      1,
      times,
    );
    const second = nextTrustList(
      first,
      {
        add: [
          { iss: 'https://a.example.org', jwk: a.jwk, notBefore: 4_000 },
          { iss: 'https://b.example.org', jwk: b.jwk, notBefore: 4_000 },
        ],
        badgeIssuers: [b.jwk],
      },
      2,
      times,
    );
    const index = indexTrustList(second);
    const found = index.lookup(a.kid);
    expect(found.ok && found.value.windows).toEqual([{ notBefore: 100 }]);
    expect(index.lookup(b.kid).ok).toBe(true);
    expect(second.badgeIssuers).toHaveLength(1);
    const third = nextTrustList(second, { add: [], removeKids: [a.kid] }, 3, times);
    expect(third.issuers.map((i) => i.iss)).toEqual(['https://b.example.org']);
    const root = makeIssuer().privateKey;
    expect(signSignedList('trust', third, root).ok).toBe(true);
  });
});
