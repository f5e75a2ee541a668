/** pino-roll ships no types; the part used by the desktop app's log files. */
declare module 'pino-roll' {
  interface RollOptions {
    file: string | (() => string);
    size?: number | string;
    frequency?: number | string;
    extension?: string;
    mkdir?: boolean;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    symlink?: boolean;
  }
  interface RollStream {
    write(chunk: string): boolean;
    end(): void;
    flushSync?(): void;
    on(event: string, listener: (...args: unknown[]) => void): unknown;
  }
  export default function build(options: RollOptions): Promise<RollStream>;
}
