/**
 * `GET /staff/directory`: the site's staff as colleagues see them — id, display name, role and
 * whether the account is active (shared/sync/staff-directory.ts). For every staff role, whose screens
 * name the people who own, handled or received things; buyers are refused. No user names, no
 * warehouse, no buyers: nothing a sign-in or a buyer's privacy leans on.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBodySchema } from '../../shared/sync';
import { DIRECTORY_ROLES, MAX_DIRECTORY_ENTRIES, StaffDirectorySchema, type DirectoryRole } from '../../shared/sync/staff-directory';
import { requireRole, type AuthDeps } from '../auth/routes';

interface Row {
  id: string;
  display_name: string;
  role: DirectoryRole;
  disabled: boolean;
}

export function registerStaffDirectoryRoutes(root: FastifyInstance, deps: AuthDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/staff/directory',
    {
      preHandler: requireRole(...DIRECTORY_ROLES),
      schema: {
        tags: ['staff'],
        summary: "The site's staff as colleagues see them: id, display name, role, active (every staff role, not buyers)",
        response: { 200: StaffDirectorySchema, 401: ErrorBodySchema, 403: ErrorBodySchema },
      },
    },
    async () => {
      const rows = await deps.db.query<Row>(
        'SELECT id, display_name, role, disabled FROM staff WHERE role = ANY($1::text[]) ORDER BY disabled, lower(display_name), id LIMIT $2',
        [DIRECTORY_ROLES, MAX_DIRECTORY_ENTRIES],
      );
      return { staff: rows.map((r) => ({ id: r.id, displayName: r.display_name, role: r.role, active: !r.disabled })) };
    },
  );
}
