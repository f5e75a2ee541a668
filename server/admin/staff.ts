/**
 * Staff accounts of the site (admin only): list, create, change name/role/warehouse, deactivate
 * and reactivate, set a new password. Deactivating, changing the role or warehouse and setting a
 * password end every open session of that person, so the change takes effect on their desk at
 * once (they sign in again). The last active administrator cannot be deactivated or demoted:
 * nobody could manage the site any more.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBodySchema } from '../../shared/sync';
import { hashPassword } from '../auth/password';
import type { AuthDeps } from '../auth/routes';
import type { StaffRole } from '../auth/roles';
import { revokeAllSessions } from '../auth/sessions';
import type { Queryable } from '../db/db';
import { isUniqueViolation, toIso } from '../db/db';
import { HttpError } from '../errors';
import { assertStrongPassword } from '../setup/routes';
import { adminOnly } from './guard';
import { AdminStaffSchema, CreateStaffBodySchema, ResetPasswordBodySchema, StaffListSchema, StaffParamsSchema, UpdateStaffBodySchema, type AdminStaff } from './schemas';
import { findWarehouse } from './warehouses';

interface Row {
  id: string;
  username: string;
  display_name: string;
  role: StaffRole;
  warehouse_id: string | null;
  disabled: boolean;
  created_at: unknown;
}

const COLUMNS = 'id, username, display_name, role, warehouse_id, disabled, created_at';

const toStaff = (row: Row): AdminStaff => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  warehouseId: row.warehouse_id,
  active: !row.disabled,
  createdAt: toIso(row.created_at),
});

const notFound = () => new HttpError(404, 'admin.staff_not_found', 'no such staff member');
const usernameTaken = () => new HttpError(409, 'admin.username_taken', 'this user name is already in use');
const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema };

/** A warehouse account works in one active warehouse; no other role has a warehouse. */
async function assertPlacement(db: Queryable, role: StaffRole, warehouseId: string | null): Promise<void> {
  if (role !== 'warehouse') {
    if (warehouseId !== null) throw new HttpError(400, 'admin.warehouse_not_applicable', 'only warehouse staff belong to a warehouse', { role });
    return;
  }
  if (warehouseId === null) throw new HttpError(400, 'admin.warehouse_required', 'warehouse staff need a warehouse');
  const warehouse = await findWarehouse(db, warehouseId);
  if (!warehouse) throw new HttpError(400, 'admin.warehouse_unknown', 'no such warehouse', { warehouseId });
  if (!warehouse.active) throw new HttpError(400, 'admin.warehouse_inactive', 'this warehouse is deactivated', { warehouseId });
}

export function registerStaffRoutes(root: FastifyInstance, deps: AuthDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/admin/staff',
    { onRequest: adminOnly, schema: { tags: ['admin'], summary: 'Every staff account of the site (admin)', response: { 200: StaffListSchema, ...errors } } },
    async () => ({ staff: (await deps.db.query<Row>(`SELECT ${COLUMNS} FROM staff ORDER BY lower(username)`)).map(toStaff) }),
  );

  app.post(
    '/admin/staff',
    { onRequest: adminOnly, schema: { tags: ['admin'], summary: 'Create a staff account with a first password (admin)', body: CreateStaffBodySchema, response: { 201: AdminStaffSchema, ...errors } } },
    async (request, reply) => {
      const { username, displayName, role, warehouseId, password } = request.body;
      assertStrongPassword(password);
      await assertPlacement(deps.db, role, warehouseId);
      const passwordHash = await hashPassword(password);
      try {
        const [row] = await deps.db.query<Row>(
          `INSERT INTO staff (id, username, display_name, role, warehouse_id, password_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
          [`staff-${randomUUID()}`, username, displayName, role, warehouseId, passwordHash],
        );
        if (!row) throw new Error('insert returned no row');
        request.log.info({ staffId: row.id, role, by: request.auth?.staff.id }, 'staff account created');
        return reply.code(201).send(toStaff(row));
      } catch (error) {
        if (isUniqueViolation(error)) throw usernameTaken();
        throw error;
      }
    },
  );

  app.patch(
    '/admin/staff/:id',
    {
      onRequest: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Change a staff account: user name, display name, role, warehouse, active (admin); ends their sessions when access changes',
        params: StaffParamsSchema,
        body: UpdateStaffBodySchema,
        response: { 200: AdminStaffSchema, ...errors },
      },
    },
    async (request) => {
      const body = request.body;
      const now = deps.clock();
      try {
        const { row, revoked } = await deps.db.transaction(async (tx) => {
          // Every active administrator row is locked first, so two administrators demoting each
          // other at once cannot leave the site without one.
          const admins = await tx.query<{ id: string }>(`SELECT id FROM staff WHERE role = 'admin' AND NOT disabled ORDER BY id FOR UPDATE`);
          const [current] = await tx.query<Row>(`SELECT ${COLUMNS} FROM staff WHERE id = $1 FOR UPDATE`, [request.params.id]);
          if (!current) throw notFound();
          const role = body.role ?? current.role;
          // A role change away from warehouse drops the warehouse unless one is given.
          const warehouseId = body.warehouseId !== undefined ? body.warehouseId : role === 'warehouse' ? current.warehouse_id : null;
          const active = body.active ?? !current.disabled;
          if (role !== current.role || warehouseId !== current.warehouse_id) await assertPlacement(tx, role, warehouseId);
          const staysAdmin = role === 'admin' && active;
          if (!staysAdmin && admins.some((a) => a.id === current.id) && admins.length <= 1) {
            throw new HttpError(409, 'admin.last_admin', 'the last active administrator cannot be deactivated or given another role');
          }
          const [row] = await tx.query<Row>(
            `UPDATE staff SET username = coalesce($2, username), display_name = coalesce($3, display_name), role = $4, warehouse_id = $5, disabled = $6
              WHERE id = $1 RETURNING ${COLUMNS}`,
            [current.id, body.username ?? null, body.displayName ?? null, role, warehouseId, !active],
          );
          if (!row) throw notFound();
          const accessChanged = !active || role !== current.role || warehouseId !== current.warehouse_id;
          const revoked = accessChanged ? await revokeAllSessions(tx, current.id, now) : 0;
          return { row, revoked };
        });
        request.log.info({ staffId: row.id, active: !row.disabled, role: row.role, revokedSessions: revoked, by: request.auth?.staff.id }, 'staff account changed');
        return toStaff(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw usernameTaken();
        throw error;
      }
    },
  );

  app.post(
    '/admin/staff/:id/password',
    {
      onRequest: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Set a new password for a staff account (admin); ends their sessions',
        params: StaffParamsSchema,
        body: ResetPasswordBodySchema,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      assertStrongPassword(request.body.password);
      const passwordHash = await hashPassword(request.body.password);
      const now = deps.clock();
      const changed = await deps.db.transaction(async (tx) => {
        const rows = await tx.query('UPDATE staff SET password_hash = $2 WHERE id = $1 RETURNING id', [request.params.id, passwordHash]);
        if (rows.length > 0) await revokeAllSessions(tx, request.params.id, now);
        return rows.length > 0;
      });
      if (!changed) throw notFound();
      request.log.info({ staffId: request.params.id, by: request.auth?.staff.id }, 'staff password set');
      return reply.code(204).send();
    },
  );
}
