/**
 * Return parcels (退货包裹, 无主件) as synced facts: one row per parcel with its folded document,
 * its version and a change number from the one global sequence (so a workstation's cursor covers
 * them like cases and orders), and the events that made it.
 *
 * A parcel never changes warehouse, so a warehouse's feed needs no exits for parcels: it reads the
 * parcels whose `warehouse_id` is its own. A disposed parcel stays (status `disposed`) as the
 * record of what happened to a physical parcel.
 */
export const sql = /* sql */ `
CREATE TABLE parcels (
  id              text PRIMARY KEY,
  warehouse_id    text NOT NULL,
  tracking_number text NOT NULL,
  status          text NOT NULL CHECK (status IN ('unmatched', 'matched', 'disposed')),
  case_id         text,
  version         integer NOT NULL CHECK (version > 0),
  data            jsonb NOT NULL,
  change_seq      bigint NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX parcels_change_seq_idx ON parcels (change_seq);
CREATE INDEX parcels_warehouse_seq_idx ON parcels (warehouse_id, change_seq);
CREATE INDEX parcels_tracking_idx ON parcels (tracking_number);
-- One parcel per case: a second match of the same case is refused by the rules, and here too.
CREATE UNIQUE INDEX parcels_case_idx ON parcels (case_id) WHERE case_id IS NOT NULL;

CREATE TABLE parcel_events (
  parcel_id   text NOT NULL REFERENCES parcels (id),
  version     integer NOT NULL,
  type        text NOT NULL,
  data        jsonb NOT NULL,
  actor_id    text NOT NULL,
  role        text NOT NULL,
  command_id  uuid NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (parcel_id, version)
);
`;
