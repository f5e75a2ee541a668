/** Sizes of the sync engine's requests (no browser dependencies: the benchmarks import it in Node). */

/**
 * Commands per push request. Each request has a fixed cost on both sides (choosing the batch
 * and recording its answers here; authentication, a transaction and about ten statements on the server),
 * so fewer, larger requests drain a long outbox faster: 250 against 100 drained 2,000 commands
 * about 30 % faster in `npm run bench -- sync.push_10k`. The API takes up to `MAX_PUSH_BATCH`.
 */
export const MAX_BATCH = 250;
