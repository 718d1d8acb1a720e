-- The pharmacist side of the hub (issue 7): accounts with lockout, console sessions, the audit
-- trail of every pharmacist action, prescriptions the hub issued, refill decisions and review
-- resolutions. Runs unchanged on PGlite and PostgreSQL.

CREATE TABLE pharmacists (
  username        text PRIMARY KEY,
  display_name    text NOT NULL,
  -- scrypt$<log2 N>$<r>$<p>$<salt>$<hash>, salt and hash base64url (hub/pharmacy/password-hash.ts).
  password_hash   text NOT NULL,
  -- Wrong passwords since the last success or the last lockout; raised BEFORE the password is
  -- compared, so a crash or a parallel request can never give an attacker an uncounted guess.
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- Console sessions: only the SHA-256 of the cookie's token is stored, so a copy of the database
-- cannot be replayed as a login. A session ends after 8 h without a request.
CREATE TABLE pharmacist_sessions (
  token_hash   text PRIMARY KEY,
  username     text NOT NULL REFERENCES pharmacists(username),
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
CREATE INDEX pharmacist_sessions_user ON pharmacist_sessions (username);

-- Every pharmacist action, with who and when (issue 7). Refused requests change nothing and are
-- not here; failed logins show in pharmacists.failed_attempts and in the hub's log.
CREATE TABLE hub_audit (
  audit_id bigserial PRIMARY KEY,
  at       timestamptz NOT NULL,
  username text NOT NULL,
  action   text NOT NULL,
  detail   jsonb NOT NULL
);
CREATE INDEX hub_audit_at ON hub_audit (at);

-- Prescriptions signed in the console: what the hub needs to judge fills (the allowance for
-- cross-kiosk duplicate fills). No patient data: the token itself is not kept.
CREATE TABLE issued_prescriptions (
  jti            text PRIMARY KEY,
  issued_by      text NOT NULL,
  issued_at      timestamptz NOT NULL,
  medication     text NOT NULL,
  gtin           text,
  fills_allowed  integer NOT NULL,
  valid_until    text NOT NULL,
  site_ids       jsonb NOT NULL,
  kiosk_ids      jsonb NOT NULL
);

-- Every refill authorization the hub published (prescription-token.md §4a refill list), whether
-- it answered a kiosk's REFILL_REQUESTED or the pharmacist's own decision: with fills_allowed it
-- gives a prescription's allowance.
CREATE TABLE refill_authorizations (
  authorization_id bigserial PRIMARY KEY,
  jti           text NOT NULL,
  site_id       text NOT NULL,
  extra_fills   integer NOT NULL,
  not_after     bigint NOT NULL,
  authorized_by text NOT NULL,
  authorized_at timestamptz NOT NULL,
  list_version  bigint NOT NULL
);
CREATE INDEX refill_authorizations_jti ON refill_authorizations (jti);

-- A pharmacist's answer to a REFILL_REQUESTED event; no row = still pending.
CREATE TABLE refill_decisions (
  kiosk_id         text NOT NULL,
  seq              bigint NOT NULL,
  jti              text NOT NULL,
  decision         text NOT NULL CHECK (decision IN ('approved', 'declined')),
  authorization_id bigint REFERENCES refill_authorizations(authorization_id),
  decided_by       text NOT NULL,
  decided_at       timestamptz NOT NULL,
  note             text,
  PRIMARY KEY (kiosk_id, seq)
);

-- Review items (journal events) a pharmacist has dealt with; alerts keep their own resolved_* columns.
CREATE TABLE review_resolutions (
  kiosk_id    text NOT NULL,
  seq         bigint NOT NULL,
  resolved_by text NOT NULL,
  resolved_at timestamptz NOT NULL,
  note        text,
  PRIMARY KEY (kiosk_id, seq)
);

-- How far detectDuplicateFills has read each kiosk's DISPENSE_RESULTs, so each run reads only
-- what arrived since the last one.
CREATE TABLE duplicate_fill_scan (
  kiosk_id    text PRIMARY KEY,
  scanned_seq bigint NOT NULL
);

-- The review queue and the duplicate-fill check look events up by the prescription they name.
CREATE INDEX events_jti ON events ((data->>'jti'), type) WHERE data->>'jti' IS NOT NULL;
