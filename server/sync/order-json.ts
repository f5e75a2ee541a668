/**
 * The order as clients receive it (`WireOrder` in shared/sync): the columns merged over the
 * order's `data`, with its lines. `o` = orders row. The document is kept in `orders.doc`, built by
 * the triggers of migration 009 (`order_doc`) whenever the order or its lines are written, so the
 * pull feed, the rules adapter and the storefront all read exactly the document the offline
 * client decides on, without building it on every read. Changing its shape means a migration that
 * redefines `order_doc` and rebuilds the stored documents.
 */
export const ORDER_JSON_SQL = 'o.doc';

/** The same document as JSON text, kept beside it by the triggers of migration 010 (what the pull feed sends). */
export const ORDER_JSON_TEXT_SQL = 'o.doc_text';
