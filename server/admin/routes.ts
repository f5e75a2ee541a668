import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../auth/routes';
import { registerStaffRoutes } from './staff';
import { registerWarehouseRoutes } from './warehouses';

/** `/admin/*`: the site's warehouses and staff accounts, for administrators. */
export function registerAdminRoutes(app: FastifyInstance, deps: AuthDeps): void {
  registerWarehouseRoutes(app, deps);
  registerStaffRoutes(app, deps);
}
