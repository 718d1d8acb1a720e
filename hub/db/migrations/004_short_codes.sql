-- Short codes (DESIGN §9): a prescription QR cannot be typed, so each prescription the console
-- issues also gets `OD-XXXX-XXXX`, printed under its QR. A kiosk that is online resolves it here
-- into the QR's text and verifies that as it would a scan. This is the one place the hub keeps a
-- token: without it a typed code could stand for nothing. The binding (site_ids, kiosk_ids) is
-- read from issued_prescriptions, and revocation from the signed revocation list.
CREATE TABLE short_codes (
  code       text PRIMARY KEY,
  jti        text NOT NULL UNIQUE REFERENCES issued_prescriptions(jti),
  -- `shc:/` + digits: exactly what the QR holds.
  token      text NOT NULL,
  created_at timestamptz NOT NULL
);

-- Every lookup a kiosk made, kept as its audit and counted for the rate limit: who asked, when,
-- and what came of it. Never the typed code (a near miss would show a real one) nor the token;
-- the jti only when the code exists.
CREATE TABLE short_code_lookups (
  lookup_id bigserial PRIMARY KEY,
  kiosk_id  text NOT NULL REFERENCES kiosks(kiosk_id),
  at        timestamptz NOT NULL,
  -- 'resolved' | 'unknown_code' | 'revoked' | 'wrong_kiosk' | 'rate_limited'
  outcome   text NOT NULL,
  jti       text
);
CREATE INDEX short_code_lookups_kiosk_at ON short_code_lookups (kiosk_id, at);
