/**
 * Whose name a waiting command is pushed under. A workstation is shared between shifts: the
 * server takes the actor of a command from the token it comes with, and binds each person's
 * device id to them, so a command must travel with the token and device id of the person who
 * issued it — never with whoever happens to be signed in when the network comes back. A person
 * who signed out with commands still waiting leaves their token in the vault for that; it is
 * revoked and forgotten once their commands are answered, or forgotten when the server refuses
 * it (their commands then wait until they sign in again).
 */
import type { DeskDb } from '../db/schema';
import type { SessionRow } from '../db/types';
import type { SyncApi } from './api';
import { ACTIVE_STATUSES, currentDeviceId, deviceIdOf, staffDeviceId } from './outbox';

export interface PushIdentity {
  /** The staff id the commands were issued under; null: every command (a desk with one account). */
  actorId: string | null;
  username: string;
  deviceId: string;
  /** An API client that sends this person's token. */
  api: SyncApi;
  /** The person signed in now: a refusal of their token asks the desk to sign in again. */
  current: boolean;
}

export interface PushIdentities {
  /** Who pushes the commands of `actorId`; null while nobody can (they wait for that person). */
  forActor(actorId: string): Promise<PushIdentity | null>;
  /** The server refused the token of someone no longer signed in: forget it. */
  refused(identity: PushIdentity): Promise<void>;
  /** Every command of someone no longer signed in is answered: revoke and forget their token. */
  drained(identity: PushIdentity): Promise<void>;
}

/** Where the tokens are kept (`platform/tokenVault.ts`). */
export interface TokenSource {
  get(owner: string): Promise<string | null>;
  set(owner: string, token: string | null): Promise<void>;
}

export interface DeskIdentitiesOptions {
  db: () => Promise<DeskDb>;
  vault: TokenSource;
  /** The person signed in now and their token in memory (it may never have reached the vault). */
  current: () => { username: string; token: string | null } | null;
  /** An API client for the signed-in person (reads the token at each request). */
  currentApi: () => SyncApi;
  /** An API client that sends `token`. */
  apiWith: (token: string) => SyncApi;
}

/** Commands not yet answered that `actorId` issued at this workstation. */
export async function hasWaitingCommands(db: DeskDb, actorId: string): Promise<boolean> {
  const row = await db.outbox
    .where('status')
    .anyOf([...ACTIVE_STATUSES])
    .filter((r) => r.command.actor.id === actorId)
    .first();
  return row !== undefined;
}

async function sessionOf(db: DeskDb, actorId: string): Promise<SessionRow | undefined> {
  return db.session.filter((row) => row.staff.id === actorId).first();
}

async function forget(db: DeskDb, vault: TokenSource, username: string): Promise<void> {
  await vault.set(username, null).catch(() => undefined);
  await db.session.update(username, { tokenKept: false });
}

/** The identities of a shared workstation: each person's session row, token and device id. */
export function deskIdentities(options: DeskIdentitiesOptions): PushIdentities {
  return {
    async forActor(actorId) {
      const db = await options.db();
      const row = await sessionOf(db, actorId);
      if (!row) return null;
      const deviceId = staffDeviceId(await deviceIdOf(db), row.username);
      const now = options.current();
      if (now?.username === row.username) {
        return now.token ? { actorId, username: row.username, deviceId, api: options.currentApi(), current: true } : null;
      }
      const token = await options.vault.get(row.username).catch(() => null);
      if (!token) {
        // The vault lost it (a browser session ended, another OS account): they sign in again.
        if (row.tokenKept) await db.session.update(row.username, { tokenKept: false });
        return null;
      }
      return { actorId, username: row.username, deviceId, api: options.apiWith(token), current: false };
    },
    async refused(identity) {
      await forget(await options.db(), options.vault, identity.username);
    },
    async drained(identity) {
      // Best effort: offline or already expired, the token simply runs out on the server.
      await identity.api.logout().catch(() => undefined);
      await forget(await options.db(), options.vault, identity.username);
    },
  };
}

/** A desk with one account (tools, tests): every command under the given client and the signed-in device id. */
export async function singleIdentity(db: DeskDb, api: SyncApi): Promise<PushIdentity> {
  return { actorId: null, username: '', deviceId: await currentDeviceId(db), api, current: true };
}
