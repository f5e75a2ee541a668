/**
 * The product attributes an order carries in `data.products` (shared/sync order-context
 * convention): every SKU of the order plus its SPU siblings, so that an exchange target is known
 * offline as well. Used by the storefront when an order is created and by the demo seeder.
 */
import type { Product } from '../../shared/domain';
import type { Queryable } from '../db/db';

/** The order's products and their SPU siblings, by SKU, from a catalogue in memory. */
export function productsForOrder<P extends Product>(catalogue: readonly P[], skus: readonly string[]): Record<string, Product> {
  const bySku = new Map(catalogue.map((p) => [p.sku, p]));
  const spus = new Set<string>();
  for (const sku of skus) {
    const spu = bySku.get(sku)?.spu;
    if (spu !== undefined) spus.add(spu);
  }
  const out: Record<string, Product> = {};
  for (const p of catalogue) {
    // Display fields (name, GTIN) travel along; the rules read only the product attributes.
    if (spus.has(p.spu)) out[p.sku] = { ...p };
  }
  return out;
}

interface ProductRow {
  sku: string;
  name: string;
  gtin: string | null;
  attributes: Record<string, unknown>;
}

export interface CatalogueProduct extends Product {
  name: string;
  /** The product barcode (EAN-13 / GTIN-13) the scan station looks products up by; null when none is on file. */
  gtin: string | null;
}

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** Reads catalogue rows (`products.attributes`, snake_case) as domain products. */
export function productFromRow(row: ProductRow): CatalogueProduct {
  const a = row.attributes;
  return {
    sku: row.sku,
    name: row.name,
    gtin: row.gtin,
    spu: typeof a.spu === 'string' && a.spu !== '' ? a.spu : row.sku,
    unitPrice: num(a.unit_price),
    sevenDayNoReason: a.seven_day_no_reason === true,
    virtual: a.virtual === true,
    weightGrams: num(a.weight_g),
    warrantyDays: num(a.warranty_days),
    active: a.active !== false,
  };
}

/** The catalogue products with these SKUs and every SKU of the same SPUs. */
export async function loadProductsWithSiblings(tx: Queryable, skus: readonly string[]): Promise<CatalogueProduct[]> {
  const rows = await tx.query<ProductRow>(
    `SELECT sku, name, gtin, attributes FROM products
      WHERE sku = ANY($1::text[])
         OR attributes->>'spu' IN (SELECT attributes->>'spu' FROM products WHERE sku = ANY($1::text[]))`,
    [skus],
  );
  return rows.map(productFromRow);
}
