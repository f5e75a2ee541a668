import { ATTACHMENT_TYPES } from '../shared/sync';

/** Runtime settings of the central API; every field has a default. */
export interface ServerConfig {
  /** Bearer token lifetime. */
  tokenTtlMs: number;
  /** Login attempts per IP + username per window. */
  loginRateLimit: { max: number; windowMs: number };
  /** Failed logins per client address per window, whatever the user names (see auth/throttle.ts). */
  loginFailuresPerAddress: { max: number; windowMs: number };
  /** Largest body of `POST /auth/login`, refused before it is parsed. */
  loginBodyLimit: number;
  /**
   * Host names this API answers to besides loopback names and IP literals (DNS rebinding, see
   * hosts.ts); `*` answers to any.
   */
  allowedHosts: readonly string[];
  /** Largest JSON body (a push batch of 500 commands fits easily). */
  jsonBodyLimit: number;
  /** Largest photo upload. */
  attachmentMaxBytes: number;
  /** Reported by /health and /openapi.json. */
  version: string;
  /**
   * `POST /store/orders` creates paid orders of any amount for the caller, which could then be
   * refunded: demo and test servers only (`--order-creation`, on for `npm run web`).
   */
  orderCreation: boolean;
  /**
   * Addresses (or CIDR ranges) of reverse proxies whose X-Forwarded-For is believed, so that
   * login limits count the real client and not the proxy (empty: no proxy trusted).
   */
  trustedProxies?: readonly string[];
  /** Oldest client sync protocol served (see protocol.ts); older clients are told to update. */
  minClientProtocol?: number;
}

export const DEFAULT_CONFIG: ServerConfig = {
  tokenTtlMs: 12 * 60 * 60 * 1000,
  loginRateLimit: { max: 10, windowMs: 60_000 },
  loginFailuresPerAddress: { max: 30, windowMs: 15 * 60_000 },
  loginBodyLimit: 4096,
  allowedHosts: [],
  jsonBodyLimit: 4 * 1024 * 1024,
  attachmentMaxBytes: 8 * 1024 * 1024,
  version: '0.1.0',
  orderCreation: false,
};

export { ATTACHMENT_TYPES };
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
