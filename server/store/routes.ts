/**
 * Storefront (buyer side, 买家端): what a shop front calls — create orders, open, modify and
 * withdraw cases, enter the return tracking number, confirm receipt of an exchange. Every case
 * action builds the domain command and goes through `applyCommand`, exactly like a pushed one
 * (same rules, locking and idempotency by command id). Answers use the buyer-facing status.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { formatOrderNumber } from '../../shared/barcode';
import { allocateOrderLines, buyerStatusOf, type AfterSalesCase } from '../../shared/domain';
import { ErrorBodySchema, type PushResult } from '../../shared/sync';
import { authOf, requireRole } from '../auth/routes';
import type { Db, Queryable } from '../db/db';
import { toInt, toIso } from '../db/db';
import { HttpError } from '../errors';
import { upsertOrder } from '../sync/changes';
import type { ServerRules } from '../sync/rules';
import { ORDER_JSON_SQL } from '../sync/order-json';
import { loadProductsWithSiblings, productsForOrder } from '../sync/order-products';
import { applyCommand, caseNumberDay } from '../sync/push';
import {
  ApplyBodySchema,
  BuyerCaseSchema,
  CaseActionResponseSchema,
  CaseListResponseSchema,
  CaseParamsSchema,
  CreateOrderBodySchema,
  EmptyActionBodySchema,
  ModifyBodySchema,
  OrderParamsSchema,
  ShipBackBodySchema,
  StoreOrderSchema,
  type BuyerCase,
} from './schemas';

export interface StoreDeps {
  db: Db;
  rules?: ServerRules | undefined;
  clock: () => Date;
  /** Whether `POST /store/orders` may create orders (demo and test servers only). */
  orderCreation: boolean;
}

const ERRORS = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema } as const;
const CASE_ERRORS = { ...ERRORS, 409: ErrorBodySchema, 422: ErrorBodySchema, 503: ErrorBodySchema } as const;

async function orderDoc(db: Queryable, id: string): Promise<z.infer<typeof StoreOrderSchema> | null> {
  const [row] = await db.query<{ doc: z.infer<typeof StoreOrderSchema> }>(`SELECT ${ORDER_JSON_SQL} AS doc FROM orders o WHERE o.id = $1`, [id]);
  return row?.doc ?? null;
}

interface CaseRow {
  id: string;
  case_no: string;
  version: unknown;
  data: AfterSalesCase;
  return_tracking_no: string | null;
  updated_at: unknown;
}

function buyerView(row: CaseRow): BuyerCase {
  const c = row.data;
  return {
    id: row.id,
    caseNo: row.case_no,
    orderId: c.orderId,
    lineId: c.lineId,
    type: c.type,
    status: buyerStatusOf(c),
    version: toInt(row.version),
    quantity: c.quantity,
    reason: c.reason,
    returnAddress: c.returnAddress,
    returnTrackingNo: row.return_tracking_no,
    // Shown once paid: while finance works the buyer sees no refund step (DOMAIN §3).
    refund: c.state === 'completed' && c.refund ? { cash: c.refund.cash, coins: c.refund.coins } : null,
    updatedAt: toIso(row.updated_at),
  };
}

const CASE_COLUMNS = 'id, case_no, version, data, return_tracking_no, updated_at';

/** The buyer's own case, or 404 (another buyer's case is not revealed). */
async function ownCase(db: Queryable, caseId: string, buyerId: string): Promise<CaseRow> {
  const [row] = await db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1 AND NOT deleted AND data->>'buyerId' = $2`, [caseId, buyerId]);
  if (!row) throw new HttpError(404, 'store.case_not_found', 'no such case', { caseId });
  return row;
}

/** A stable case id for an application retried with the same command id. */
function caseIdFor(commandId: string): string {
  return `case-${createHash('sha256').update(commandId).digest('hex').slice(0, 24)}`;
}

export function registerStoreRoutes(root: FastifyInstance, deps: StoreDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const buyerOnly = requireRole('buyer');

  const rulesOrThrow = (): ServerRules => {
    if (!deps.rules) throw new HttpError(503, 'sync.rules_unavailable', 'this server has no after-sales rules configured');
    return deps.rules;
  };

  /** Applies a buyer command and answers with the case, or the rejection as an error body. */
  async function run(
    request: Parameters<typeof authOf>[0],
    caseId: string,
    type: string,
    baseVersion: number,
    payload: Record<string, unknown>,
    commandId: string | undefined,
  ): Promise<z.infer<typeof CaseActionResponseSchema>> {
    const auth = authOf(request);
    const id = commandId ?? randomUUID();
    const result: PushResult = await applyCommand(
      { db: deps.db, rules: rulesOrThrow(), actor: { id: auth.staff.id, role: auth.staff.role }, deviceId: auth.deviceId, clock: deps.clock, log: request.log },
      { id, deviceSeq: 0, type, caseId, baseVersion, occurredAt: deps.clock().toISOString(), payload },
    );
    const answer = result.status === 'duplicate' ? result.original : result;
    if (answer.status === 'rejected') throw new HttpError(422, answer.code, 'the after-sales rules refused this', answer.params);
    if (answer.status === 'conflict') throw new HttpError(409, answer.rejection.code, 'the case changed in the meantime', answer.rejection.params);
    const row = await ownCase(deps.db, caseId, auth.staff.id);
    return { status: result.status === 'duplicate' ? 'duplicate' : 'applied', commandId: id, case: buyerView(row) };
  }

  app.post(
    '/store/orders',
    {
      preHandler: [
        requireRole('buyer', 'admin'),
        async () => {
          // A real shop's orders come from its order system; minting paid ones here is for demos.
          if (!deps.orderCreation) throw new HttpError(403, 'store.order_creation_disabled', 'orders are created here only on a demo or test server');
        },
      ],
      schema: {
        tags: ['store'],
        summary: 'Demo and test servers only: create an order (paid, shipped or completed) with discounts and coins allocated to its lines',
        body: CreateOrderBodySchema,
        response: { 200: StoreOrderSchema, 201: StoreOrderSchema, ...ERRORS },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const body = request.body;
      const buyerId = auth.staff.role === 'buyer' ? auth.staff.id : body.buyerId;
      if (!buyerId) throw new HttpError(400, 'store.buyer_required', 'an admin names the buyer of the order');
      if (body.id) {
        const existing = await orderDoc(deps.db, body.id);
        if (existing) {
          if (existing.buyerId !== buyerId) throw new HttpError(409, 'store.order_exists', 'another order has this id');
          return reply.code(200).send(existing);
        }
      }
      const orderId = body.id ?? `ord-${randomUUID()}`;
      const now = deps.clock();
      const iso = now.toISOString();
      await deps.db.transaction(async (tx) => {
        const catalogue = await loadProductsWithSiblings(tx, body.lines.map((l) => l.sku));
        const bySku = new Map(catalogue.map((p) => [p.sku, p]));
        const drafts = body.lines.map((line, i) => {
          const product = bySku.get(line.sku);
          if (!product) throw new HttpError(400, 'store.unknown_sku', 'no such product', { sku: line.sku });
          if (!product.active) throw new HttpError(400, 'store.sku_unavailable', 'the product is no longer sold', { sku: line.sku });
          return { id: `${orderId}-L${i + 1}`, sku: line.sku, quantity: line.quantity, unitPrice: product.unitPrice };
        });
        const gross = drafts.reduce((sum, d) => sum + d.unitPrice * d.quantity, 0);
        if (body.discount + body.coins > gross) throw new HttpError(400, 'store.discount_too_large', 'discount and coins exceed the order amount', { gross });
        const lines = allocateOrderLines(drafts, body.discount, body.coins);
        const [seq] = await tx.query<{ n: unknown }>("SELECT nextval('store_order_no_seq') AS n");
        const shipped = body.state !== 'awaiting_shipment';
        const completed = body.state === 'completed';
        await upsertOrder(tx, {
          id: orderId,
          orderNo: formatOrderNumber(toInt(seq?.n), caseNumberDay(iso).iso),
          state: body.state,
          buyerId,
          buyerName: body.buyerName ?? null,
          buyerPhone: body.buyerPhone ?? null,
          address: body.address ?? null,
          shippingFee: body.shippingFee,
          paidAt: iso,
          shippedAt: shipped ? iso : null,
          signedAt: completed ? iso : null,
          confirmedAt: completed ? iso : null,
          completedAt: completed ? iso : null,
          lines,
          data: {
            invoiceIssued: body.invoiceIssued,
            platformSubsidy: 0,
            serviceFee: 0,
            products: productsForOrder(catalogue, lines.map((l) => l.sku)),
          },
        });
      });
      const doc = await orderDoc(deps.db, orderId);
      if (!doc) throw new Error('order vanished after creation');
      return reply.code(201).send(doc);
    },
  );

  app.get(
    '/store/orders/:id',
    {
      preHandler: buyerOnly,
      schema: { tags: ['store'], summary: 'One of the buyer’s orders', params: OrderParamsSchema, response: { 200: StoreOrderSchema, ...ERRORS } },
    },
    async (request) => {
      const doc = await orderDoc(deps.db, request.params.id);
      if (!doc || doc.buyerId !== authOf(request).staff.id) throw new HttpError(404, 'store.order_not_found', 'no such order', { orderId: request.params.id });
      return doc;
    },
  );

  app.get(
    '/store/cases',
    {
      preHandler: buyerOnly,
      schema: { tags: ['store'], summary: 'The buyer’s cases, newest first (at most 200)', response: { 200: CaseListResponseSchema, ...ERRORS } },
    },
    async (request) => {
      const rows = await deps.db.query<CaseRow>(
        `SELECT ${CASE_COLUMNS} FROM cases WHERE data->>'buyerId' = $1 AND NOT deleted ORDER BY created_at DESC, id LIMIT 200`,
        [authOf(request).staff.id],
      );
      return { cases: rows.map(buyerView) };
    },
  );

  app.get(
    '/store/cases/:id',
    {
      preHandler: buyerOnly,
      schema: { tags: ['store'], summary: 'One of the buyer’s cases', params: CaseParamsSchema, response: { 200: BuyerCaseSchema, ...ERRORS } },
    },
    async (request) => buyerView(await ownCase(deps.db, request.params.id, authOf(request).staff.id)),
  );

  app.post(
    '/store/cases',
    {
      preHandler: buyerOnly,
      schema: {
        tags: ['store'],
        summary: 'Apply for after-sales on an order line (buyer.apply)',
        body: ApplyBodySchema,
        response: { 200: CaseActionResponseSchema, ...CASE_ERRORS },
      },
    },
    async (request) => {
      const { commandId, caseId, ...payload } = request.body;
      const id = caseId ?? (commandId ? caseIdFor(commandId) : `case-${randomUUID()}`);
      return run(request, id, 'buyer.apply', 0, payload, commandId);
    },
  );

  const action = <S extends z.ZodObject<{ commandId: z.ZodOptional<z.ZodUUID>; baseVersion: z.ZodOptional<z.ZodNumber> }>>(path: string, type: string, summary: string, body: S) =>
    app.post(
      `/store/cases/:id/${path}`,
      { preHandler: buyerOnly, schema: { tags: ['store'], summary, params: CaseParamsSchema, body, response: { 200: CaseActionResponseSchema, ...CASE_ERRORS } } },
      async (request) => {
        const auth = authOf(request);
        const { commandId, baseVersion, ...payload } = request.body as { commandId?: string; baseVersion?: number } & Record<string, unknown>;
        const current = await ownCase(deps.db, request.params.id, auth.staff.id);
        return run(request, request.params.id, type, baseVersion ?? toInt(current.version), payload, commandId);
      },
    );

  action('modify', 'buyer.modify', 'Change a pending or rejected application (buyer.modify)', ModifyBodySchema);
  action('withdraw', 'buyer.withdraw', 'Withdraw the application (buyer.withdraw)', EmptyActionBodySchema);
  action('ship-back', 'buyer.ship_back', 'Enter the return carrier and tracking number (buyer.ship_back)', ShipBackBodySchema);
  action('confirm-receipt', 'buyer.confirm_receipt', 'Confirm receipt of the exchanged goods (buyer.confirm_receipt)', EmptyActionBodySchema);
}
