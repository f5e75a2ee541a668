/**
 * Wire format of the staff directory (`GET /staff/directory`, docs/api.md): who a staff id is, so
 * a desk shows "陈晓 (客服)" where the records carry `staff-…` ids — a case's owner, the actor of a
 * timeline step, the colleagues a supervisor may assign a case to. Names and roles only: no user
 * names (half of a sign-in), no buyers. Former colleagues stay listed (`active: false`) so the
 * steps they took keep their names.
 */
import { z } from 'zod';

/** The roles a directory lists: staff of the company, not buyers. */
export const DIRECTORY_ROLES = ['cs', 'warehouse', 'finance', 'admin'] as const;
export type DirectoryRole = (typeof DIRECTORY_ROLES)[number];

/** Entries a reply carries at most (a site has tens to hundreds of staff). */
export const MAX_DIRECTORY_ENTRIES = 10_000;

export const DirectoryEntrySchema = z.object({
  id: z.string().min(1).max(200),
  displayName: z.string().max(200),
  role: z.enum(DIRECTORY_ROLES),
  active: z.boolean(),
});
export type DirectoryEntry = z.infer<typeof DirectoryEntrySchema>;

export const StaffDirectorySchema = z.object({ staff: z.array(DirectoryEntrySchema).max(MAX_DIRECTORY_ENTRIES) });
export type StaffDirectory = z.infer<typeof StaffDirectorySchema>;
