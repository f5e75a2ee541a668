/**
 * Deadlines and stock: each case row carries its next due system action (from the shared
 * `nextDeadline`), so the deadline sweeper finds due cases with an index scan instead of folding
 * every case; stock on hand per SKU with the movements that changed it (a successful return puts
 * goods back, once per case, SKU and location); numbering of storefront orders.
 */
export const sql = /* sql */ `
ALTER TABLE cases ADD COLUMN next_due_at timestamptz;
ALTER TABLE cases ADD COLUMN next_action text;
CREATE INDEX cases_next_due_idx ON cases (next_due_at) WHERE next_action IS NOT NULL AND NOT deleted;

CREATE TABLE product_stock (
  sku        text PRIMARY KEY,
  on_hand    bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stock_movements (
  case_id     text NOT NULL REFERENCES cases (id),
  sku         text NOT NULL,
  location    text NOT NULL,
  quantity    integer NOT NULL CHECK (quantity > 0),
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, sku, location)
);
CREATE INDEX stock_movements_sku_idx ON stock_movements (sku);

-- Order numbers of storefront orders (the demo numbers its own orders from 1 each day).
CREATE SEQUENCE store_order_no_seq AS bigint START 10000001;

-- The deadline sweeper's device: system commands are acknowledged like any other command.
INSERT INTO devices (id, staff_id) VALUES ('system-sweeper', NULL) ON CONFLICT (id) DO NOTHING;
`;
