import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/db';
import { toIso } from '../db/db';
import { isStaffRole, type StaffRole } from './roles';

export interface StaffProfile {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  warehouseId: string | null;
}

export interface AuthContext {
  staff: StaffProfile;
  deviceId: string;
  tokenHash: string;
  expiresAt: string;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const newToken = (): string => randomBytes(32).toString('base64url');

interface StaffRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
  warehouse_id: string | null;
  password_hash: string;
  disabled: boolean;
}

export function profileOf(row: Pick<StaffRow, 'id' | 'username' | 'display_name' | 'role' | 'warehouse_id'>): StaffProfile {
  if (!isStaffRole(row.role)) throw new Error(`unknown staff role in database: ${row.role}`);
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role, warehouseId: row.warehouse_id };
}

export async function findStaffByUsername(db: Queryable, username: string): Promise<StaffRow | undefined> {
  const [row] = await db.query<StaffRow>(
    'SELECT id, username, display_name, role, warehouse_id, password_hash, disabled FROM staff WHERE lower(username) = lower($1)',
    [username],
  );
  return row;
}

/** Registers the device and opens a session; returns the bearer token (only ever held by the client). */
export async function openSession(db: Queryable, staffId: string, deviceId: string, now: Date, ttlMs: number): Promise<{ token: string; expiresAt: string }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  await db.query(
    `INSERT INTO devices (id, staff_id, last_seen_at) VALUES ($1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET staff_id = EXCLUDED.staff_id, last_seen_at = EXCLUDED.last_seen_at`,
    [deviceId, staffId, now.toISOString()],
  );
  // Sessions long past their expiry serve no purpose (not even an `auth.expired` answer).
  await db.query('DELETE FROM sessions WHERE staff_id = $1 AND expires_at < $2', [staffId, new Date(now.getTime() - 30 * 86_400_000).toISOString()]);
  await db.query('INSERT INTO sessions (token_hash, staff_id, device_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
    hashToken(token),
    staffId,
    deviceId,
    now.toISOString(),
    expiresAt,
  ]);
  return { token, expiresAt };
}

export type SessionLookup = { ok: true; auth: AuthContext } | { ok: false; code: 'auth.invalid' | 'auth.expired' | 'auth.revoked' };

export async function lookupSession(db: Queryable, token: string, now: Date): Promise<SessionLookup> {
  const tokenHash = hashToken(token);
  const [row] = await db.query<StaffRow & { device_id: string; expires_at: unknown; revoked_at: unknown }>(
    `SELECT s.device_id, s.expires_at, s.revoked_at, st.id, st.username, st.display_name, st.role, st.warehouse_id, st.disabled
       FROM sessions s JOIN staff st ON st.id = s.staff_id WHERE s.token_hash = $1`,
    [tokenHash],
  );
  if (!row) return { ok: false, code: 'auth.invalid' };
  if (row.revoked_at !== null || row.disabled) return { ok: false, code: 'auth.revoked' };
  const expiresAt = toIso(row.expires_at);
  if (Date.parse(expiresAt) <= now.getTime()) return { ok: false, code: 'auth.expired' };
  return { ok: true, auth: { staff: profileOf(row), deviceId: row.device_id, tokenHash, expiresAt } };
}

export async function revokeSession(db: Queryable, tokenHash: string, now: Date): Promise<void> {
  await db.query('UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash, now.toISOString()]);
}

/** Revokes every open session of a staff member (account disabled, password changed). */
export async function revokeAllSessions(db: Queryable, staffId: string, now: Date): Promise<number> {
  const rows = await db.query('UPDATE sessions SET revoked_at = $2 WHERE staff_id = $1 AND revoked_at IS NULL RETURNING token_hash', [staffId, now.toISOString()]);
  return rows.length;
}
