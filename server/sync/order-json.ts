/**
 * The order as clients receive it (`WireOrder` in shared/sync): the columns merged over the
 * order's `data`, with its lines. One SQL expression for both the pull feed and the rules adapter,
 * so the server decides on exactly the document the offline client decides on. `o` = orders row.
 */
export const ORDER_JSON_SQL = `o.data || jsonb_build_object(
  'id', o.id, 'orderNo', o.order_no, 'state', o.state, 'buyerId', o.buyer_id,
  'buyerName', o.buyer_name, 'buyerPhone', o.buyer_phone, 'address', o.address,
  'shippingFee', o.shipping_fee, 'paidAt', o.paid_at, 'shippedAt', o.shipped_at,
  'signedAt', o.signed_at, 'confirmedAt', o.confirmed_at, 'completedAt', o.completed_at,
  'lines', coalesce((SELECT jsonb_agg(l.data || jsonb_build_object(
      'id', l.id, 'sku', l.sku, 'quantity', l.quantity, 'unitPrice', l.unit_price,
      'discount', l.discount, 'coins', l.coins, 'paid', l.paid_amount) ORDER BY l.position)
    FROM order_lines l WHERE l.order_id = o.id), '[]'::jsonb))`;
