/**
 * Sync protocol version. A desktop client names the protocol it speaks in the `x-desk-protocol`
 * request header; a client that sends none is from before the header existed and speaks
 * protocol 1. When a change to the wire format is not backward compatible, PROTOCOL_VERSION goes
 * up and MIN_CLIENT_PROTOCOL follows once old clients can no longer be served: from then on a
 * client below it gets 426 `client.update_required` (with the versions as params) on every call
 * except the connectivity checks, and shows "update this app" instead of failing obscurely.
 * Every answer carries the server's protocol in the same header. Deploy the API first, then the
 * clients (docs/deploy.md).
 */
import type { FastifyInstance } from 'fastify';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../shared/sync/protocol';
import { HttpError } from './errors';

export { PROTOCOL_HEADER, PROTOCOL_VERSION };
export const MIN_CLIENT_PROTOCOL = 1;

/** Protocol a request speaks: its header, or 1 without one; null when the header is not a number. */
export function clientProtocolOf(header: string | string[] | undefined): number | null {
  if (header === undefined) return 1;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d{1,6}$/.test(value.trim())) return null;
  return Number(value.trim());
}

export function installProtocolCheck(app: FastifyInstance, minimum: number = MIN_CLIENT_PROTOCOL): void {
  app.addHook('onRequest', async (request, reply) => {
    void reply.header(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
    // Connectivity and set-up checks stay readable, so an old client can still say what is wrong.
    if (request.method === 'GET' && request.routeOptions.config.public === true) return;
    const spoken = clientProtocolOf(request.headers[PROTOCOL_HEADER]);
    if (spoken === null) throw new HttpError(400, 'client.protocol_invalid', `${PROTOCOL_HEADER} must be a number`);
    if (spoken < minimum) {
      throw new HttpError(426, 'client.update_required', 'this app is too old for the server: install the current version', {
        clientProtocol: spoken,
        minimumProtocol: minimum,
        serverProtocol: PROTOCOL_VERSION,
      });
    }
  });
}
