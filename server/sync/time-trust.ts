/**
 * Which time counts (docs/api.md, "Trust rules: commands, ids and time").
 *
 * Two times are kept for every event: when it happened (`case_events.occurred_at`) and when the
 * server learned of it (`recorded_at`). A buyer's or the system's command happened when the
 * server receives it; a staff member's may have happened earlier at a workstation that was
 * offline, and its own time is kept if it is plausible — not ahead of the server beyond clock
 * skew, not older than the longest offline period the policy allows, and not before the case's
 * latest event its issuer had seen.
 *
 * Clocks that run against someone (the buyer's shipping deadline, review and receipt timeouts,
 * the warranty pause) and case numbers start from the server's time: the case is folded with the
 * time the server recorded, so no client can start or shorten another party's clock by dating a
 * command. Commands the server replays from recorded history (the demo seed) keep their times.
 */
import type { Policy } from '../../shared/domain';
import type { PushCommand } from '../../shared/sync';
import type { PushContext } from './push-common';
import type { Rejection } from './rules';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export type EventTimes =
  | {
      ok: true;
      /** When it happened, as stored on its events. */
      occurredAt: string;
      /** The time the case is folded with (states entered, deadlines) and a new case is numbered by. */
      effectiveAt: string;
    }
  | { ok: false; rejection: Rejection };

/**
 * The times of a command applied at `now` (server clock). `latest` is when the case's latest event
 * happened (null for a new case); `current` says the command was issued on the case's current
 * version, i.e. its issuer had seen that event.
 */
export function eventTimes(ctx: Pick<PushContext, 'actor' | 'origin'>, command: PushCommand, now: string, policy: Policy, latest: string | null, current: boolean): EventTimes {
  if (ctx.origin === 'server') return { ok: true, occurredAt: command.occurredAt, effectiveAt: command.occurredAt };
  // A buyer's app and the system have no offline time to keep.
  if (ctx.actor.role === 'buyer' || ctx.actor.role === 'system') return { ok: true, occurredAt: now, effectiveAt: now };
  const at = Date.parse(command.occurredAt);
  const nowMs = Date.parse(now);
  const skew = policy.offline.clockSkewMinutes * MINUTE_MS;
  let earliest = nowMs - policy.offline.maxHours * HOUR_MS;
  // A command issued on the current version was issued after the case's latest event.
  if (current && latest !== null) earliest = Math.max(earliest, Date.parse(latest) - skew);
  const last = nowMs + skew;
  if (at < earliest || at > last) {
    return {
      ok: false,
      rejection: { code: 'occurred_at_out_of_range', params: { occurredAt: command.occurredAt, earliest: new Date(earliest).toISOString(), latest: new Date(last).toISOString() } },
    };
  }
  return { ok: true, occurredAt: new Date(at).toISOString(), effectiveAt: now };
}
