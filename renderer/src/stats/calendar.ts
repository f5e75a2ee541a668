/**
 * Calendar days and hours in the store's time zone, as small integers so a pass over 100,000
 * cases buckets them without building a date object per case. A day number is the calendar date
 * (y-m-d in the zone) counted in days since 1970-01-01; the same number names the same date in
 * any zone, so a date picked in the browser's zone and an event's date in the store's zone compare.
 */

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Offset of `timeZone` from UTC at the instant `ms`, in ms. Zones change their offset on whole
 * quarter hours at most a few times a year, so one answer per quarter hour is memoised.
 */
export class ZoneClock {
  readonly timeZone: string;
  readonly #memo = new Map<number, number>();

  constructor(timeZone: string) {
    this.timeZone = timeZone;
  }

  offsetMs(ms: number): number {
    const slot = Math.floor(ms / 900_000);
    const hit = this.#memo.get(slot);
    if (hit !== undefined) return hit;
    const parts: Record<string, number> = {};
    for (const p of formatter(this.timeZone).formatToParts(new Date(slot * 900_000))) {
      if (p.type !== 'literal') parts[p.type] = Number(p.value);
    }
    const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0);
    const offset = wall - slot * 900_000;
    if (this.#memo.size > 100_000) this.#memo.clear();
    this.#memo.set(slot, offset);
    return offset;
  }

  /** Day number of the instant in the zone. */
  day(ms: number): number {
    return Math.floor((ms + this.offsetMs(ms)) / DAY_MS);
  }

  /** Hour of the day (0–23) of the instant in the zone. */
  hour(ms: number): number {
    const local = ms + this.offsetMs(ms);
    return Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / HOUR_MS);
  }

  /** Hour number (hours since 1970 in the zone's wall clock) of the instant. */
  hourSlot(ms: number): number {
    return Math.floor((ms + this.offsetMs(ms)) / HOUR_MS);
  }
}

/** Day number of a calendar date. */
export function dayOfDate(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** `YYYY-MM-DD` of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of an ISO time in the zone; NaN when absent or unreadable. */
export function dayOfIso(clock: ZoneClock, iso: string | null | undefined): number {
  if (!iso) return Number.NaN;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.NaN : clock.day(ms);
}
