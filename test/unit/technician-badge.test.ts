import { describe, expect, it } from 'vitest';
import {
  BADGE_TYP,
  isBadgeScan,
  verifyBadge,
  type BadgeRefusalReason,
} from '../../main/technician/badge';
import { matchesTechnicianPin } from '../../main/technician/roster';
import {
  badgeHeader,
  badgeIssuer,
  claimsText,
  DAY_S,
  forgeBadge,
  issueBadge,
  NOW,
  NOW_S,
  PIN,
  prescriber,
  revocationOf,
  roster,
  stranger,
  TECH,
  trustWith,
  verificationInput,
} from '../fixtures/technician/technician-fixture';

function reasonOf(
  text: string,
  over: Parameters<typeof verificationInput>[0] = {},
): BadgeRefusalReason | 'ok' {
  const result = verifyBadge(verificationInput(over), text);
  return result.ok ? 'ok' : result.error.reason;
}

describe('service badge verification (prescription-token.md §4a)', () => {
  it('accepts a badge from the signer in its odb:/ QR form and as a compact JWS', () => {
    const badge = issueBadge();
    expect(badge.qrText.startsWith('odb:/')).toBe(true);
    expect(isBadgeScan(badge.qrText)).toBe(true);
    expect(isBadgeScan('shc:/5676')).toBe(false);
    for (const text of [badge.qrText, badge.jws]) {
      const result = verifyBadge(verificationInput(), text);
      expect(result).toEqual({
        ok: true,
        value: {
          badgeId: 'badge-0001',
          technicianId: 'T-1',
          name: TECH.name,
          roles: ['technician'],
          pinCheck: roster.technicians[0]?.pin,
          expiresAt: NOW_S + 30 * DAY_S,
        },
      });
    }
    const verified = verifyBadge(verificationInput(), badge.qrText);
    // The PIN is never on the badge: it is checked against the roster's value.
    expect(badge.jws).not.toContain(PIN);
    expect(verified.ok && matchesTechnicianPin(verified.value.pinCheck, 'T-1', PIN)).toBe(true);
  });

  it.each([
    ['odd digit count', 'odb:/567'],
    ['a digit pair above 77', 'odb:/5678'],
    ['not digits', 'odb:/56a7'],
    ['two parts', 'eyJhbGciOiJFUzI1NiJ9.eyJ9'],
    ['padded base64url', `${issueBadge().jws}=`],
    ['an empty header', `.${issueBadge().jws.split('.')[1]}.${issueBadge().jws.split('.')[2]}`],
    ['over-long text', `odb:/${'00'.repeat(3000)}`],
  ])('refuses %s as malformed', (_, text) => {
    expect(reasonOf(text)).toBe('malformed');
  });

  it('refuses claims that are missing, extra, or not strict JSON as malformed (after the signature)', () => {
    expect(reasonOf(forgeBadge(badgeHeader(), claimsText({ sub: undefined })))).toBe('malformed');
    expect(reasonOf(forgeBadge(badgeHeader(), claimsText({ pin: '135792' })))).toBe('malformed');
    expect(reasonOf(forgeBadge(badgeHeader(), claimsText({ exp: NOW_S - 5 * DAY_S })))).toBe(
      'malformed',
    );
    expect(reasonOf(forgeBadge(badgeHeader(), '{"jti":"a","jti":"b"}'))).toBe('malformed');
  });

  it.each([
    ['alg none', JSON.stringify({ alg: 'none', kid: badgeIssuer.kid, typ: BADGE_TYP })],
    ['alg HS256', JSON.stringify({ alg: 'HS256', kid: badgeIssuer.kid, typ: BADGE_TYP })],
    ['a zip member', badgeHeader(badgeIssuer.kid, { zip: 'DEF' })],
    ['a jwk member', badgeHeader(badgeIssuer.kid, { jwk: badgeIssuer.jwk })],
    ['a prescription typ', JSON.stringify({ alg: 'ES256', kid: badgeIssuer.kid, typ: 'JWT' })],
    [
      'a signed-list typ',
      JSON.stringify({ alg: 'ES256', kid: badgeIssuer.kid, typ: 'opendispense-trust+jws' }),
    ],
    ['no typ', JSON.stringify({ alg: 'ES256', kid: badgeIssuer.kid })],
    [
      'a duplicated member',
      `{"alg":"ES256","alg":"ES256","kid":"${badgeIssuer.kid}","typ":"${BADGE_TYP}"}`,
    ],
  ])('refuses a header with %s as bad_alg', (_, header) => {
    expect(reasonOf(forgeBadge(header, claimsText()))).toBe('bad_alg');
  });

  it('finds keys only among badgeIssuers: a prescriber key never signs a badge (unknown_kid)', () => {
    const byPrescriber = issueBadge({ key: prescriber.privateKey });
    expect(reasonOf(byPrescriber.qrText)).toBe('unknown_kid');
    expect(reasonOf(issueBadge({ key: stranger.privateKey }).qrText)).toBe('unknown_kid');
    // Even listed as a badge issuer too, a key that signs prescriptions is refused for badges.
    const both = verificationInput({ trust: trustWith([badgeIssuer, prescriber], [prescriber]) });
    const refused = verifyBadge(both, byPrescriber.qrText);
    expect(refused.ok === false && refused.error).toMatchObject({ reason: 'unknown_kid' });
    expect(refused.ok === false && refused.error.detail).toMatch(/prescription issuer key/);
    expect(reasonOf(issueBadge().qrText, { trust: undefined })).toBe('unknown_kid');
  });

  it('refuses a changed signature, a signature by another key, and a DER signature (bad_signature)', () => {
    const jws = issueBadge().jws;
    const [h, p, s = ''] = jws.split('.');
    // Flip one bit of a middle character: still canonical base64url, different bytes.
    const i = 10;
    const flipped = s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    expect(reasonOf(`${h}.${p}.${flipped}`)).toBe('bad_signature');
    expect(reasonOf(forgeBadge(badgeHeader(), claimsText(), stranger.privateKey))).toBe(
      'bad_signature',
    );
    expect(reasonOf(forgeBadge(badgeHeader(), claimsText(), badgeIssuer.privateKey, 'der'))).toBe(
      'bad_signature',
    );
  });

  it('checks nbf with 5 minutes of skew and exp exactly (not_yet_valid, expired)', () => {
    expect(reasonOf(issueBadge({ nbf: NOW_S + 299, exp: NOW_S + DAY_S }).qrText)).toBe('ok');
    expect(reasonOf(issueBadge({ nbf: NOW_S + 301, exp: NOW_S + DAY_S }).qrText)).toBe(
      'not_yet_valid',
    );
    expect(reasonOf(issueBadge({ nbf: NOW_S - DAY_S, exp: NOW_S + 1 }).qrText)).toBe('ok');
    expect(reasonOf(issueBadge({ nbf: NOW_S - DAY_S, exp: NOW_S }).qrText)).toBe('expired');
  });

  it('refuses a revoked badge id or a revoked issuer key (revoked), after the time checks', () => {
    const badge = issueBadge({ jti: 'badge-77' });
    expect(reasonOf(badge.qrText, { revocation: revocationOf(['badge-77']) })).toBe('revoked');
    expect(reasonOf(badge.qrText, { revocation: revocationOf([], [badgeIssuer.kid]) })).toBe(
      'revoked',
    );
    expect(reasonOf(badge.qrText, { revocation: revocationOf(['badge-other']) })).toBe('ok');
    // Expired AND revoked: the first failing step decides, always the same answer.
    const old = issueBadge({ jti: 'badge-77', nbf: NOW_S - 40 * DAY_S, exp: NOW_S - DAY_S });
    expect(reasonOf(old.qrText, { revocation: revocationOf(['badge-77']) })).toBe('expired');
  });

  it('requires the technician on a current roster with one of the badge roles (not_on_roster)', () => {
    const badge = issueBadge();
    expect(reasonOf(badge.qrText, { roster: undefined })).toBe('not_on_roster');
    expect(reasonOf(issueBadge({ sub: 'T-9' }).qrText)).toBe('not_on_roster');
    expect(reasonOf(badge.qrText, { roster: { ...roster, expiresAt: NOW_S - 1 } })).toBe(
      'not_on_roster',
    );
    expect(reasonOf(issueBadge({ roles: ['pharmacist'] }).qrText)).toBe('not_on_roster');
    const both = verifyBadge(
      verificationInput(),
      issueBadge({ roles: ['stock', 'pharmacist'] }).qrText,
    );
    expect(both.ok && both.value.roles).toEqual(['stock']);
    // The refusal names the badge id once the signature verified, for the journal.
    const refused = verifyBadge(verificationInput({ roster: undefined }), badge.qrText);
    expect(refused.ok === false && refused.error.badgeId).toBe('badge-0001');
  });

  it('never puts badge text in a refusal detail', () => {
    const badge = issueBadge();
    for (const over of [
      { roster: undefined },
      { trust: undefined },
      { now: NOW + 40 * DAY_S * 1000 },
    ]) {
      const refused = verifyBadge(verificationInput(over), badge.qrText);
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error.detail).not.toContain(badge.jws.slice(0, 20));
        expect(refused.error.detail).not.toContain(badge.qrText.slice(5, 30));
      }
    }
  });
});
