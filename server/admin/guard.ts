import type { preHandlerAsyncHookHandler } from 'fastify';
import { authOf } from '../auth/routes';
import { HttpError } from '../errors';

/**
 * Administration is for the `admin` role only. Everyone else gets the same 403 whatever they ask
 * for (an existing or unknown staff id alike), so a refusal tells nothing about the data.
 */
export const adminOnly: preHandlerAsyncHookHandler = async (request) => {
  const auth = authOf(request);
  if (auth.staff.role !== 'admin') throw new HttpError(403, 'role_not_allowed', 'only an administrator may do this', { role: auth.staff.role });
};
