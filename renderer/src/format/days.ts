/**
 * Days picked in a date-range picker, in the workstation's time zone. The picker hands back the
 * first and last day (any time within them); filters want instants: the first day's midnight and the
 * midnight after the last day, so the last day counts whole.
 */
export function pickedDays(range: readonly [number, number]): { start: Date; after: Date } {
  const start = new Date(range[0]);
  start.setHours(0, 0, 0, 0);
  const after = new Date(range[1]);
  after.setHours(0, 0, 0, 0);
  after.setDate(after.getDate() + 1);
  return { start, after };
}
