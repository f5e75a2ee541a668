/** Warehouses of the site (admin only): list, create, rename, change address, deactivate. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBodySchema } from '../../shared/sync';
import type { AuthDeps } from '../auth/routes';
import type { Queryable } from '../db/db';
import { isUniqueViolation } from '../db/db';
import { HttpError } from '../errors';
import { adminOnly } from './guard';
import { CreateWarehouseBodySchema, UpdateWarehouseBodySchema, WarehouseListSchema, WarehouseParamsSchema, WarehouseSchema, type Warehouse } from './schemas';

const COLUMNS = 'id, name, address, phone, active';

export async function findWarehouse(db: Queryable, id: string): Promise<Warehouse | undefined> {
  const [row] = await db.query<Warehouse>(`SELECT ${COLUMNS} FROM warehouses WHERE id = $1`, [id]);
  return row;
}

const notFound = () => new HttpError(404, 'admin.warehouse_not_found', 'no such warehouse');
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema };

export function registerWarehouseRoutes(root: FastifyInstance, deps: AuthDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/admin/warehouses',
    { onRequest: adminOnly, schema: { tags: ['admin'], summary: 'Every warehouse of the site (admin)', response: { 200: WarehouseListSchema, ...errors } } },
    async () => ({ warehouses: await deps.db.query<Warehouse>(`SELECT ${COLUMNS} FROM warehouses ORDER BY id`) }),
  );

  app.post(
    '/admin/warehouses',
    { onRequest: adminOnly, schema: { tags: ['admin'], summary: 'Add a warehouse (admin)', body: CreateWarehouseBodySchema, response: { 201: WarehouseSchema, ...errors } } },
    async (request, reply) => {
      const { id, name, address, phone } = request.body;
      try {
        const [row] = await deps.db.query<Warehouse>(`INSERT INTO warehouses (id, name, address, phone) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`, [id, name, address, phone]);
        if (!row) throw new Error('insert returned no row');
        request.log.info({ warehouseId: id, by: request.auth?.staff.id }, 'warehouse created');
        return reply.code(201).send(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new HttpError(409, 'admin.warehouse_exists', 'a warehouse with this id exists', { id });
        throw error;
      }
    },
  );

  app.patch(
    '/admin/warehouses/:id',
    {
      onRequest: adminOnly,
      schema: { tags: ['admin'], summary: 'Change a warehouse: name, address, phone, active (admin)', params: WarehouseParamsSchema, body: UpdateWarehouseBodySchema, response: { 200: WarehouseSchema, ...errors } },
    },
    async (request) => {
      const { name, address, phone, active } = request.body;
      // One statement: a field left out keeps its value.
      const [row] = await deps.db.query<Warehouse>(
        `UPDATE warehouses SET name = coalesce($2, name), address = coalesce($3, address), phone = coalesce($4, phone),
                active = coalesce($5, active), updated_at = $6
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [request.params.id, name ?? null, address ?? null, phone ?? null, active ?? null, deps.clock().toISOString()],
      );
      if (!row) throw notFound();
      request.log.info({ warehouseId: row.id, by: request.auth?.staff.id }, 'warehouse changed');
      return row;
    },
  );
}
