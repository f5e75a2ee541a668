/**
 * Site set-up and administration.
 *
 * - `warehouses`: the warehouses staff can be assigned to, managed in the admin screen. Staff and
 *   cases name a warehouse by its id (as before); rows for the ids already in use are created
 *   here, named after their id, so an existing site keeps working and can rename them.
 * - `site_setup`: one row, written when the first administrator is created through
 *   `POST /setup/admin`. Its primary key is what makes two set-up calls racing each other create
 *   one administrator: the second insert waits for the first transaction and then conflicts.
 * - `sweeper_rounds`: one row per deadline sweep, naming the API instance that ran it. With
 *   several instances on one PostgreSQL only the leader sweeps (sweeper.ts); this is where an
 *   operator (and the multi-instance test) can see which instance that was. Kept for a week.
 */
export const sql = /* sql */ `
CREATE TABLE warehouses (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  address    text NOT NULL DEFAULT '',
  phone      text NOT NULL DEFAULT '',
  active     boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO warehouses (id, name)
  SELECT DISTINCT warehouse_id, warehouse_id FROM staff WHERE warehouse_id IS NOT NULL
  ON CONFLICT DO NOTHING;

CREATE TABLE site_setup (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  admin_id   text NOT NULL REFERENCES staff (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sweeper_rounds (
  id          bigserial PRIMARY KEY,
  instance_id text NOT NULL,
  started_at  timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  due         integer NOT NULL,
  applied     integer NOT NULL
);
CREATE INDEX sweeper_rounds_started_idx ON sweeper_rounds (started_at);
`;
