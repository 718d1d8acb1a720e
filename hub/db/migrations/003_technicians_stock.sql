-- Technicians and stock from the console (issues 7 and 9): the roster the hub signs for every
-- kiosk, the service badges it issued, restock orders and cold-chain slot releases. The signed
-- downloads themselves stay in `downloads`; these tables are what the hub builds them from and
-- what the console lists. Runs unchanged on PGlite and PostgreSQL.

-- The technician roster. `pin_check` is the scrypt check value of main/technician/roster.ts
-- (computed the moment the pharmacist typed the PIN); the PIN itself is never stored.
CREATE TABLE technicians (
  technician_id text PRIMARY KEY,
  name          text NOT NULL,
  roles         jsonb NOT NULL,
  pin_check     text NOT NULL,
  added_by      text NOT NULL,
  added_at      timestamptz NOT NULL
);

-- Every service badge the hub signed (not the badge itself: only its id, holder and validity).
-- A revoked badge is on the fleet revocation list from `revoked_at` on.
CREATE TABLE technician_badges (
  badge_id      text PRIMARY KEY,
  technician_id text NOT NULL,
  issued_by     text NOT NULL,
  issued_at     timestamptz NOT NULL,
  not_before    bigint NOT NULL,
  expires_at    bigint NOT NULL,
  revoked_by    text,
  revoked_at    timestamptz,
  revoke_reason text
);
CREATE INDEX technician_badges_technician ON technician_badges (technician_id);

-- Restock orders published per kiosk; the newest row of a kiosk is its current order unless
-- withdrawn (a `restock` download with `order: null`).
CREATE TABLE restock_orders (
  order_id     text PRIMARY KEY,
  kiosk_id     text NOT NULL REFERENCES kiosks(kiosk_id),
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL,
  note         text NOT NULL,
  lines        jsonb NOT NULL,
  version      bigint NOT NULL,
  withdrawn_by text,
  withdrawn_at timestamptz
);
CREATE INDEX restock_orders_kiosk ON restock_orders (kiosk_id, created_at);

-- Cold-chain releases: a pharmacist reviewed the excursion (the kiosk's COLD_CHAIN_EXCURSION seq)
-- and lets the blocked slot serve again; `release_version` is the `release` download carrying it.
CREATE TABLE slot_releases (
  kiosk_id        text NOT NULL REFERENCES kiosks(kiosk_id),
  slot            integer NOT NULL,
  excursion_seq   bigint NOT NULL,
  released_by     text NOT NULL,
  released_at     timestamptz NOT NULL,
  note            text NOT NULL,
  release_version bigint NOT NULL,
  PRIMARY KEY (kiosk_id, slot, excursion_seq)
);
