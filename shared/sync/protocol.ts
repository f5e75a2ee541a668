/**
 * The sync protocol version, spoken by both sides. A client names the protocol it speaks in the
 * `x-desk-protocol` request header; the server answers every request with its own and refuses a
 * client older than it can serve with 426 `client.update_required` (server/protocol.ts). When a
 * change to the wire format is not backward compatible, the version goes up.
 */
export const PROTOCOL_HEADER = 'x-desk-protocol';
export const PROTOCOL_VERSION = 1;
