/**
 * The central API's administration routes (`/admin/warehouses`, `/admin/staff`). Unlike the work
 * areas, this screen has no local copy: every list and change goes to the server, so it needs
 * the network. Replies are parsed; a failure is an `AdminFailure` whose `code` is the server's
 * (`admin.username_taken`, `setup.weak_password` …) or `offline` when nothing answered.
 */
import { z } from 'zod';
import { ErrorBodySchema, STAFF_ROLES } from '../../../../shared/sync/wire';
import { AdminStaffSchema, StaffListSchema, WarehouseListSchema, WarehouseSchema, type AdminStaff, type Warehouse } from '../../../../shared/sync/admin';

export { MIN_PASSWORD_LENGTH, passwordLength, WAREHOUSE_ID_PATTERN, type AdminStaff, type Warehouse } from '../../../../shared/sync/admin';
export type StaffRole = AdminStaff['role'];
export { STAFF_ROLES };

export class AdminFailure extends Error {
  constructor(
    readonly code: string,
    readonly status: number | null,
    readonly params: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'AdminFailure';
  }

  /** Nothing answered: no network, or the server is down. */
  get offline(): boolean {
    return this.code === 'offline';
  }
}

export interface AdminApiOptions {
  baseUrl: string;
  token: () => string | null;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface NewStaff {
  username: string;
  displayName: string;
  role: StaffRole;
  warehouseId: string | null;
  password: string;
}

export type StaffChange = Partial<Pick<AdminStaff, 'username' | 'displayName' | 'role' | 'warehouseId' | 'active'>>;
export type WarehouseChange = Partial<Pick<Warehouse, 'name' | 'address' | 'phone' | 'active'>>;

export function createAdminApi(options: AdminApiOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  async function call<S extends z.ZodType>(method: string, path: string, schema: S, json?: unknown): Promise<z.infer<S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = options.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (json !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(base + path, { method, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}), signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) });
    } catch {
      throw new AdminFailure('offline', null);
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      // A proxy in front of a stopped API answers 502/503/504: as good as offline.
      if (response.status === 502 || response.status === 503 || response.status === 504) throw new AdminFailure('offline', response.status);
      const error = ErrorBodySchema.safeParse(body);
      throw error.success ? new AdminFailure(error.data.code, response.status, error.data.params ?? {}) : new AdminFailure(`http.${response.status}`, response.status);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new AdminFailure('invalid_reply', response.status);
    return parsed.data;
  }

  return {
    warehouses: async () => (await call('GET', '/admin/warehouses', WarehouseListSchema)).warehouses,
    createWarehouse: (body: Omit<Warehouse, 'active'>) => call('POST', '/admin/warehouses', WarehouseSchema, body),
    updateWarehouse: (id: string, change: WarehouseChange) => call('PATCH', `/admin/warehouses/${encodeURIComponent(id)}`, WarehouseSchema, change),
    staff: async () => (await call('GET', '/admin/staff', StaffListSchema)).staff,
    createStaff: (body: NewStaff) => call('POST', '/admin/staff', AdminStaffSchema, body),
    updateStaff: (id: string, change: StaffChange) => call('PATCH', `/admin/staff/${encodeURIComponent(id)}`, AdminStaffSchema, change),
    setPassword: (id: string, password: string) => call('POST', `/admin/staff/${encodeURIComponent(id)}/password`, z.undefined(), { password }),
  };
}

export type AdminApi = ReturnType<typeof createAdminApi>;
