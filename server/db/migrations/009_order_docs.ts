/**
 * The order document clients receive, kept beside the order instead of built on every read.
 *
 * Building it (the columns merged over `data`, the lines aggregated) cost about
 * four times reading a stored document, and a first download reads one per case: it was most of
 * the time a pull page spent in the database. Orders change rarely (settlement, state), so the
 * document is built when the order or its lines are written, by triggers, so that every writer
 * (storefront, push, seeding, migrations to come) keeps it current without knowing about it:
 *  - a row trigger builds `doc` whenever an order is inserted or updated;
 *  - statement triggers on `order_lines` rebuild the documents of the orders whose lines changed
 *    (the lines of a new order are inserted after it, in the same transaction).
 * Readers use `doc` (`ORDER_JSON_SQL` in sync/order-json.ts): the triggers run inside the writing
 * transaction, so a reader never sees an order whose document lags behind its columns or lines.
 * The document's shape is frozen here, as every migration is.
 */
export const sql = /* sql */ `
ALTER TABLE orders ADD COLUMN doc jsonb;

CREATE FUNCTION order_doc(o orders) RETURNS jsonb LANGUAGE sql STABLE AS $fn$
  SELECT o.data || jsonb_build_object(
    'id', o.id, 'orderNo', o.order_no, 'state', o.state, 'buyerId', o.buyer_id,
    'buyerName', o.buyer_name, 'buyerPhone', o.buyer_phone, 'address', o.address,
    'shippingFee', o.shipping_fee, 'paidAt', o.paid_at, 'shippedAt', o.shipped_at,
    'signedAt', o.signed_at, 'confirmedAt', o.confirmed_at, 'completedAt', o.completed_at,
    'lines', coalesce((SELECT jsonb_agg(l.data || jsonb_build_object(
        'id', l.id, 'sku', l.sku, 'quantity', l.quantity, 'unitPrice', l.unit_price,
        'discount', l.discount, 'coins', l.coins, 'paid', l.paid_amount) ORDER BY l.position)
      FROM order_lines l WHERE l.order_id = o.id), '[]'::jsonb))
$fn$;

UPDATE orders o SET doc = order_doc(o);
ALTER TABLE orders ALTER COLUMN doc SET NOT NULL;

CREATE FUNCTION orders_doc_row() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.doc := order_doc(NEW);
  RETURN NEW;
END
$fn$;
CREATE TRIGGER orders_doc BEFORE INSERT OR UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION orders_doc_row();

CREATE FUNCTION order_lines_doc() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- The row trigger above rebuilds the document; the order keeps its change number.
  UPDATE orders o SET doc = NULL WHERE o.id IN (SELECT DISTINCT order_id FROM changed_lines);
  RETURN NULL;
END
$fn$;
CREATE TRIGGER order_lines_doc_insert AFTER INSERT ON order_lines REFERENCING NEW TABLE AS changed_lines
  FOR EACH STATEMENT EXECUTE FUNCTION order_lines_doc();
CREATE TRIGGER order_lines_doc_update AFTER UPDATE ON order_lines REFERENCING NEW TABLE AS changed_lines
  FOR EACH STATEMENT EXECUTE FUNCTION order_lines_doc();
CREATE TRIGGER order_lines_doc_delete AFTER DELETE ON order_lines REFERENCING OLD TABLE AS changed_lines
  FOR EACH STATEMENT EXECUTE FUNCTION order_lines_doc();
`;
