/**
 * Who sees what in the pull feed (docs/api.md, "Trust rules: who sees what").
 *
 * A case's `pull_scope` is the warehouse its return parcel is addressed to (`returnAddress`), or
 * `*` for a reship without one (nothing comes back; any warehouse may ship the replacement), or
 * NULL: no warehouse sees it. It is a generated column, so every write path fills it. A
 * warehouse's workstations pull the cases of its scope and of `*`, and the orders of those cases.
 *
 * Scopes share the one global change sequence, so a workstation's cursor means the same in every
 * feed. When a case's scope changes:
 *  - the old scope gets a tombstone for the case at the case's new change number (a row of
 *    `scope_exits`; a `*` exit names the scope the case went to, which must not get it), and one
 *    for its order when no other live case of that order stays visible there;
 *  - the new scope gets the case at that number, and the order is given a new change number,
 *    since the new warehouse's cursor may already be past the order's.
 * A trigger does this for every writer; it takes the change-number lock itself, so its numbers
 * become visible in order like any other (see sync/changes.ts).
 *
 * Photos are downloadable by those who may see a case that shows them: `case_photos` maps each
 * photo of a case (evidence, inspection, disputes) to the case, kept by a trigger as well.
 */
export const sql = /* sql */ `
ALTER TABLE cases ADD COLUMN pull_scope text GENERATED ALWAYS AS (
  coalesce(data #>> '{returnAddress,warehouseId}', CASE WHEN data->>'type' = 'reship' THEN '*' END)) STORED;
CREATE INDEX cases_pull_scope_seq_idx ON cases (pull_scope, change_seq) WHERE pull_scope IS NOT NULL;
CREATE INDEX cases_order_scope_idx ON cases (order_id, pull_scope) WHERE pull_scope IS NOT NULL AND NOT deleted;

CREATE TABLE scope_exits (
  scope      text NOT NULL,
  change_seq bigint NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('case', 'order')),
  id         text NOT NULL,
  -- For a '*' exit: the scope the case moved to (it has the case, not a tombstone).
  moved_to   text,
  PRIMARY KEY (scope, change_seq)
);

CREATE FUNCTION cases_scope_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.change_seq <= OLD.change_seq THEN
    RAISE EXCEPTION 'case % changed pull scope without a new change number', NEW.id USING ERRCODE = 'P0001';
  END IF;
  -- Held until commit, like every change number (re-entrant: the writer holds it already).
  PERFORM pg_advisory_xact_lock(7305002);
  -- Into '*' (every warehouse) nobody loses the case.
  IF OLD.pull_scope IS NOT NULL AND NEW.pull_scope IS DISTINCT FROM '*' THEN
    INSERT INTO scope_exits (scope, change_seq, kind, id, moved_to) VALUES (OLD.pull_scope, NEW.change_seq, 'case', NEW.id, NEW.pull_scope);
    IF OLD.order_id IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM cases k
       WHERE k.order_id = OLD.order_id AND k.id <> NEW.id AND NOT k.deleted
         AND (k.pull_scope = OLD.pull_scope OR k.pull_scope = '*' OR OLD.pull_scope = '*')
    ) THEN
      INSERT INTO scope_exits (scope, change_seq, kind, id, moved_to) VALUES (OLD.pull_scope, nextval('change_seq'), 'order', OLD.order_id, NEW.pull_scope);
    END IF;
  END IF;
  IF NEW.pull_scope IS NOT NULL AND NEW.order_id IS NOT NULL THEN
    UPDATE orders SET change_seq = nextval('change_seq') WHERE id = NEW.order_id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER cases_scope_moved AFTER UPDATE OF data ON cases
  FOR EACH ROW WHEN (OLD.pull_scope IS DISTINCT FROM NEW.pull_scope) EXECUTE FUNCTION cases_scope_moved();

CREATE TABLE case_photos (
  sha256  text NOT NULL,
  case_id text NOT NULL,
  PRIMARY KEY (sha256, case_id)
);

-- The photo references of a case document.
CREATE FUNCTION case_photo_refs(doc jsonb) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(doc->'evidence') = 'array' THEN doc->'evidence' ELSE '[]'::jsonb END)
  UNION
  SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(doc#>'{inspection,photos}') = 'array' THEN doc#>'{inspection,photos}' ELSE '[]'::jsonb END)
  UNION
  SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(d->'photos') = 'array' THEN d->'photos' ELSE '[]'::jsonb END)
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(doc->'disputes') = 'array' THEN doc->'disputes' ELSE '[]'::jsonb END) AS d
$$;

CREATE FUNCTION cases_photos_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_photos (sha256, case_id) SELECT r, NEW.id FROM case_photo_refs(NEW.data) AS r ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
CREATE TRIGGER cases_photos_inserted AFTER INSERT ON cases
  FOR EACH ROW WHEN (NEW.data->'evidence' <> '[]'::jsonb OR NEW.data#>'{inspection,photos}' <> '[]'::jsonb OR jsonb_path_exists(NEW.data, '$.disputes[*].photos[*]'))
  EXECUTE FUNCTION cases_photos_changed();
CREATE TRIGGER cases_photos_updated AFTER UPDATE OF data ON cases
  FOR EACH ROW WHEN (OLD.data->'evidence' IS DISTINCT FROM NEW.data->'evidence'
                  OR OLD.data->'inspection' IS DISTINCT FROM NEW.data->'inspection'
                  OR OLD.data->'disputes' IS DISTINCT FROM NEW.data->'disputes')
  EXECUTE FUNCTION cases_photos_changed();

INSERT INTO case_photos (sha256, case_id) SELECT r, c.id FROM cases c, case_photo_refs(c.data) AS r ON CONFLICT DO NOTHING;
`;
