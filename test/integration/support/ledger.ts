/**
 * A ledger of what the workstations were told: every command `dispatch` accepted, per desk, kept
 * by the test outside the client. After a fault run it is compared with the central API's own
 * records, so a client that loses a command anywhere (before its outbox, in its outbox, in flight)
 * is caught, and not only one whose outbox disagrees with the server.
 */
import { evolveAll, type AfterSalesCase, type CaseEvent, type Role } from '../../../shared/domain';
import { toInt, type Db } from '../../../server/db/db';
import type { DeskDb } from '../../../renderer/src/db/schema';
import type { OutboxStatus } from '../../../renderer/src/db/types';

export interface LedgerEntry {
  desk: string;
  commandId: string;
  type: string;
  caseId: string;
}

export class Ledger {
  readonly entries: LedgerEntry[] = [];

  record(desk: string, commandId: string, type: string, caseId: string): void {
    this.entries.push({ desk, commandId, type, caseId });
  }

  ids(desk: string): Set<string> {
    return new Set(this.entries.filter((e) => e.desk === desk).map((e) => e.commandId));
  }
}

export interface AuditedDesk {
  name: string;
  db: DeskDb;
  deviceId: string;
}

const SERVER_STATUS: Partial<Record<OutboxStatus, string>> = { acked: 'applied', conflict: 'conflict', rejected: 'rejected' };

/**
 * What disagrees between the ledger, the desks' outboxes and the server, in words (empty: all is
 * well). Checks, per accepted command: it reached the server exactly once, with the outcome the
 * desk shows, and took effect as often as the server says (its events); and that the server holds
 * no command from these desks' devices that no dispatch accepted.
 */
export async function auditLedger(server: Db, ledger: Ledger, desks: readonly AuditedDesk[]): Promise<string[]> {
  const problems: string[] = [];
  for (const desk of desks) {
    const accepted = ledger.entries.filter((e) => e.desk === desk.name);
    const outbox = new Map((await desk.db.outbox.toArray()).map((row) => [row.id, row]));
    for (const entry of accepted) {
      const where = `${desk.name}: ${entry.type} on ${entry.caseId} (${entry.commandId})`;
      const row = outbox.get(entry.commandId);
      if (!row) problems.push(`${where}: accepted by dispatch but not in the outbox`);
      const stored = await server.query<{ status: string; result: { events?: number } | null }>('SELECT status, result FROM commands WHERE command_id = $1', [entry.commandId]);
      if (stored.length !== 1) {
        problems.push(`${where}: on the server ${stored.length} times`);
        continue;
      }
      const [{ status, result } = { status: '', result: null }] = stored;
      if (row && SERVER_STATUS[row.status] !== status) problems.push(`${where}: the desk shows ${row.status}, the server recorded ${status}`);
      const [events] = await server.query<{ n: unknown }>('SELECT count(*) AS n FROM case_events WHERE command_id = $1', [entry.commandId]);
      const expected = status === 'applied' ? (result?.events ?? -1) : 0;
      if (toInt(events?.n) !== expected) problems.push(`${where}: ${toInt(events?.n)} events on the server, expected ${expected}`);
    }
    const known = ledger.ids(desk.name);
    const fromDevice = await server.query<{ command_id: string; type: string }>('SELECT command_id, type FROM commands WHERE device_id = $1', [desk.deviceId]);
    for (const c of fromDevice) if (!known.has(c.command_id)) problems.push(`${desk.name}: the server holds ${c.type} ${c.command_id}, which no dispatch accepted`);
  }
  return problems;
}

/**
 * Folds each case's event log on the server and compares it with the case row: the log and the
 * rows must tell the same story (no event lost, doubled or out of order). Cases are folded with
 * the time the server recorded each event (docs/api.md, trust rules on time: a workstation's own
 * time is kept as `occurred_at`, but no client dates another party's clock), so that is the time
 * the fold uses here too.
 */
export async function foldProblems(server: Db, caseIds: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const caseId of caseIds) {
    const rows = await server.query<{ version: unknown; type: string; data: unknown; actor_id: string; role: Role; command_id: string | null; recorded_at: Date | string }>(
      'SELECT version, type, data, actor_id, role, command_id, recorded_at FROM case_events WHERE case_id = $1 ORDER BY version',
      [caseId],
    );
    const [caseRow] = await server.query<{ version: unknown; data: AfterSalesCase }>('SELECT version, data FROM cases WHERE id = $1', [caseId]);
    const versions = rows.map((r) => toInt(r.version));
    if (versions.some((v, i) => v !== i + 1)) problems.push(`${caseId}: event versions ${versions.join(',')} are not 1..n`);
    if (toInt(caseRow?.version) !== rows.length) problems.push(`${caseId}: case at version ${toInt(caseRow?.version)} with ${rows.length} events`);
    const events = rows.map(
      (r) =>
        ({
          type: r.type,
          caseId,
          version: toInt(r.version),
          occurredAt: new Date(r.recorded_at).toISOString(),
          actor: { id: r.actor_id, role: r.role },
          commandId: r.command_id ?? '',
          data: r.data,
        }) as CaseEvent,
    );
    let folded: AfterSalesCase | undefined;
    try {
      folded = evolveAll(undefined, events);
    } catch (error) {
      problems.push(`${caseId}: the event log does not fold: ${(error as Error).message}`);
      continue;
    }
    const a = normalise(folded) as Record<string, unknown> | undefined;
    const b = normalise(caseRow?.data) as Record<string, unknown> | undefined;
    const differing = [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])].filter((k) => JSON.stringify(a?.[k]) !== JSON.stringify(b?.[k]));
    if (differing.length > 0) {
      const first = differing[0] as string;
      problems.push(`${caseId}: folding the event log does not give the case row (${differing.join(', ')}; ${first}: ${JSON.stringify(a?.[first])} vs ${JSON.stringify(b?.[first])})`);
    }
  }
  return problems;
}

/** Key order does not matter to a comparison of two JSON documents. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, normalise(v)]),
    );
  }
  return value;
}
