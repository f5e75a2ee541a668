/**
 * The documents a pull sends, kept as JSON text beside their `jsonb`.
 *
 * A pull page sends every case and order document as text. Turned from `jsonb` into text on every
 * read, that conversion was repeated for every workstation's first download and every page of it:
 * on the embedded database (PGlite), a 1,000-row page of 1.2 KB documents took 32–48 ms to read
 * that way against 20–26 ms from a text column. The text is now made once, when the document is
 * written, by triggers, so every writer keeps it current without knowing about it (the price: the
 * documents are stored twice, and each write converts its document once):
 *  - `cases.data_text` whenever a case is inserted or its `data` is updated;
 *  - `orders.doc_text` whenever an order is inserted or updated (after `orders_doc` rebuilt `doc`:
 *    BEFORE triggers fire in name order, and `orders_doc` sorts before `orders_doc_text`).
 * Readers that need the document as data keep using `data` and `doc`; the pull feed reads the text
 * (`server/sync/pull.ts`). The triggers run inside the writing transaction, so the text never lags
 * behind the document.
 */
export const sql = /* sql */ `
ALTER TABLE cases ADD COLUMN data_text text;
UPDATE cases SET data_text = data::text;
ALTER TABLE cases ALTER COLUMN data_text SET NOT NULL;

CREATE FUNCTION cases_data_text_row() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.data_text := NEW.data::text;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER cases_data_text BEFORE INSERT OR UPDATE OF data ON cases FOR EACH ROW EXECUTE FUNCTION cases_data_text_row();

ALTER TABLE orders ADD COLUMN doc_text text;
UPDATE orders SET doc_text = doc::text;
ALTER TABLE orders ALTER COLUMN doc_text SET NOT NULL;

CREATE FUNCTION orders_doc_text_row() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.doc_text := NEW.doc::text;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER orders_doc_text BEFORE INSERT OR UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION orders_doc_text_row();
`;
