/** Initial schema: staff and sessions, devices, catalogue, orders, cases with their event log, commands, attachments. */
export const sql = /* sql */ `
-- Every row change a client must pull takes its number from this one sequence.
CREATE SEQUENCE change_seq AS bigint;
-- Numbers human case numbers (售后单号) when the rules do not supply one.
CREATE SEQUENCE case_no_seq AS bigint;

CREATE TABLE staff (
  id            text PRIMARY KEY,
  username      text NOT NULL,
  display_name  text NOT NULL,
  role          text NOT NULL CHECK (role IN ('buyer', 'cs', 'warehouse', 'finance', 'admin')),
  warehouse_id  text,
  password_hash text NOT NULL,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX staff_username_key ON staff (lower(username));

CREATE TABLE devices (
  id             text PRIMARY KEY,
  staff_id       text REFERENCES staff (id),
  -- Highest per-device command sequence the server has answered (applied, duplicate, conflict or rejected).
  last_acked_seq bigint NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_seen_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  -- SHA-256 (hex) of the bearer token; the token itself is never stored.
  token_hash text PRIMARY KEY,
  staff_id   text NOT NULL REFERENCES staff (id),
  device_id  text NOT NULL REFERENCES devices (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX sessions_staff_idx ON sessions (staff_id);

CREATE TABLE products (
  sku        text PRIMARY KEY,
  name       text NOT NULL,
  gtin       text,
  -- seven_day_no_reason, virtual, weight_g, warranty_days …
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_gtin_idx ON products (gtin);

CREATE TABLE orders (
  id               text PRIMARY KEY,
  order_no         text NOT NULL UNIQUE,
  state            text NOT NULL,
  buyer_id         text,
  buyer_name       text,
  buyer_phone      text,
  buyer_phone_tail text GENERATED ALWAYS AS (right(buyer_phone, 4)) STORED,
  address          text,
  shipping_fee     bigint NOT NULL DEFAULT 0,
  paid_at          timestamptz,
  shipped_at       timestamptz,
  -- Carrier sign time (签收) and receipt confirmation (确认收货), which start the after-sales windows.
  signed_at        timestamptz,
  confirmed_at     timestamptz,
  completed_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  data             jsonb NOT NULL DEFAULT '{}'::jsonb,
  change_seq       bigint NOT NULL DEFAULT nextval('change_seq')
);
CREATE INDEX orders_change_seq_idx ON orders (change_seq);
CREATE INDEX orders_buyer_phone_tail_idx ON orders (buyer_phone_tail);
CREATE INDEX orders_buyer_idx ON orders (buyer_id);

CREATE TABLE order_lines (
  id          text PRIMARY KEY,
  order_id    text NOT NULL REFERENCES orders (id),
  position    integer NOT NULL,
  sku         text NOT NULL,
  quantity    integer NOT NULL CHECK (quantity > 0),
  -- Money in minor units (fen).
  unit_price  bigint NOT NULL,
  discount    bigint NOT NULL DEFAULT 0,
  coins       bigint NOT NULL DEFAULT 0,
  paid_amount bigint NOT NULL,
  data        jsonb NOT NULL DEFAULT '{}'::jsonb,
  UNIQUE (order_id, position)
);
CREATE INDEX order_lines_sku_idx ON order_lines (sku);

CREATE TABLE cases (
  id                 text PRIMARY KEY,
  case_no            text NOT NULL UNIQUE,
  order_id           text,
  line_id            text,
  type               text NOT NULL,
  state              text NOT NULL,
  version            integer NOT NULL CHECK (version >= 0),
  -- The folded case (fold of its events).
  data               jsonb NOT NULL,
  return_tracking_no text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  change_seq         bigint NOT NULL DEFAULT nextval('change_seq'),
  -- Tombstone: the row stays so that pull can tell clients to drop it.
  deleted            boolean NOT NULL DEFAULT false
);
CREATE INDEX cases_change_seq_idx ON cases (change_seq);
CREATE INDEX cases_order_idx ON cases (order_id);
CREATE INDEX cases_return_tracking_idx ON cases (return_tracking_no);
CREATE INDEX cases_state_idx ON cases (state) WHERE NOT deleted;

CREATE TABLE case_events (
  case_id     text NOT NULL REFERENCES cases (id),
  version     integer NOT NULL CHECK (version > 0),
  type        text NOT NULL,
  data        jsonb NOT NULL,
  actor_id    text NOT NULL,
  role        text NOT NULL,
  command_id  uuid,
  -- When it happened at the workstation (may be long before the push when offline).
  occurred_at timestamptz NOT NULL,
  -- When the server recorded it.
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, version)
);
CREATE INDEX case_events_command_idx ON case_events (command_id);

-- The event log is append-only: facts are never edited or removed.
CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only (% rejected)', TG_OP USING ERRCODE = 'P0001';
END;
$$;
CREATE TRIGGER case_events_no_update BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION case_events_append_only();
CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
  FOR EACH STATEMENT EXECUTE FUNCTION case_events_append_only();

CREATE TABLE commands (
  command_id  uuid PRIMARY KEY,
  device_id   text NOT NULL,
  device_seq  bigint NOT NULL,
  case_id     text NOT NULL,
  type        text NOT NULL,
  actor_id    text NOT NULL,
  status      text NOT NULL CHECK (status IN ('pending', 'applied', 'conflict', 'rejected')),
  -- The answer given the first time; a retry gets it back as 'duplicate'.
  result      jsonb,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX commands_device_idx ON commands (device_id, device_seq);
CREATE INDEX commands_case_idx ON commands (case_id);

CREATE TABLE attachments (
  sha256      text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  mime        text NOT NULL,
  size        integer NOT NULL CHECK (size >= 0),
  bytes       bytea NOT NULL,
  uploaded_by text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
`;
