/**
 * Rotating log files of the desktop app: `main.<date>.<n>.log` for the main process and
 * `api.<date>.<n>.log` for the embedded central API (server/embedded.ts opens its own with the
 * same settings). A new file each day or at 10 MB, the last 14 kept; Help → Open log folder shows them.
 */
import pino, { type Logger } from 'pino';
import build from 'pino-roll';
import { join } from 'node:path';

const LOG_ROTATION = { frequency: 'daily', size: '10m', limit: { count: 14 }, mkdir: true } as const;

export async function createMainLogger(logDir: string, level = 'info'): Promise<Logger> {
  const stream = await build({ file: join(logDir, 'main'), ...LOG_ROTATION, limit: { ...LOG_ROTATION.limit } });
  return pino({ level, base: { process: 'main' } }, stream);
}
