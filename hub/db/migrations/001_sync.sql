-- The sync side of the hub (issue 7): enrolled kiosks, their journal events, replay protection,
-- the signed downloads they fetch, and security alerts. Runs unchanged on PGlite and PostgreSQL.

CREATE TABLE sites (
  site_id    text PRIMARY KEY,
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One-time codes a pharmacist creates for a technician to enroll a kiosk.
CREATE TABLE enrollment_codes (
  code       text PRIMARY KEY,
  site_id    text NOT NULL REFERENCES sites(site_id),
  kiosk_name text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  used_by    text
);

CREATE TABLE kiosks (
  kiosk_id          text PRIMARY KEY,
  site_id           text NOT NULL REFERENCES sites(site_id),
  name              text NOT NULL,
  device_public_jwk jsonb NOT NULL,
  enrolled_at       timestamptz NOT NULL DEFAULT now(),
  -- 'active' | 'flagged' (fork seen: refused until a pharmacist clears it) | 'revoked'
  status            text NOT NULL DEFAULT 'active',
  status_reason     text,
  -- The chain head the hub holds: every event up to last_seq is stored and verified.
  last_seq          bigint NOT NULL DEFAULT 0,
  last_hash         text NOT NULL DEFAULT repeat('0', 64),
  last_sync_at      timestamptz,
  -- hub clock − kiosk clock at the last request, from its `date` header.
  clock_offset_ms   bigint
);

CREATE TABLE events (
  kiosk_id text NOT NULL REFERENCES kiosks(kiosk_id),
  seq      bigint NOT NULL,
  id       uuid NOT NULL,
  ts       text NOT NULL,
  type     text NOT NULL,
  data     jsonb NOT NULL,
  prev     text NOT NULL,
  hash     text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kiosk_id, seq)
);
CREATE INDEX events_type ON events (type, kiosk_id);

-- Nonces of signed requests seen inside the clock-skew window (replay protection).
CREATE TABLE request_nonces (
  kiosk_id text NOT NULL,
  nonce    text NOT NULL,
  seen_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kiosk_id, nonce)
);

-- Signed downloads (prescription-token.md §4a envelopes). scope: 'fleet' (trust, revocation,
-- roster, config), 'site:<site_id>' (refill, release, restock) or 'kiosk:<kiosk_id>' (lock).
-- A kiosk receives, per kind, the highest version among the scopes that apply to it.
CREATE TABLE downloads (
  kind       text NOT NULL,
  scope      text NOT NULL,
  version    bigint NOT NULL,
  jws        text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, scope, version)
);

-- Security events for the pharmacist: forks, cross-kiosk duplicate fills.
CREATE TABLE alerts (
  alert_id   bigserial PRIMARY KEY,
  kind       text NOT NULL,
  kiosk_id   text,
  detail     jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_by text,
  resolved_at timestamptz
);
