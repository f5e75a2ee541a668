/**
 * Staff notifications: read marks.
 *
 * The notices themselves are not stored: each workstation derives them from the synced cases
 * (what the deadline sweeper did, which deadlines of the person's role come due). What must follow
 * a person from desk to desk is which of them they have read, so that a notice read on one
 * workstation stops asking for attention on the others. One row per (staff member, notice key);
 * only the owner of a row ever reads or writes it (server/notifications/routes.ts). Rows older
 * than the retention period are dropped when the owner next writes.
 */
export const sql = /* sql */ `
CREATE TABLE notice_reads (
  staff_id    text NOT NULL REFERENCES staff (id),
  notice_key  text NOT NULL,
  read_at     timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (staff_id, notice_key)
);
CREATE INDEX notice_reads_staff_read_idx ON notice_reads (staff_id, read_at);
`;
