import type { Queryable } from '../db/db';

/** Product attributes as stored in `products.attributes` (snake_case, one JSON object per SKU). */
export interface ProductRecord {
  sku: string;
  name: string;
  gtin?: string | null;
  spu: string;
  unitPrice: number;
  sevenDayNoReason: boolean;
  virtual: boolean;
  weightGrams: number;
  warrantyDays: number;
  active: boolean;
}

export async function upsertProduct(tx: Queryable, product: ProductRecord): Promise<void> {
  const attributes = {
    spu: product.spu,
    unit_price: product.unitPrice,
    seven_day_no_reason: product.sevenDayNoReason,
    virtual: product.virtual,
    weight_g: product.weightGrams,
    warranty_days: product.warrantyDays,
    active: product.active,
  };
  await tx.query(
    `INSERT INTO products (sku, name, gtin, attributes, updated_at) VALUES ($1, $2, $3, $4::jsonb, now())
     ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, gtin = EXCLUDED.gtin, attributes = EXCLUDED.attributes, updated_at = now()`,
    [product.sku, product.name, product.gtin ?? null, JSON.stringify(attributes)],
  );
}
