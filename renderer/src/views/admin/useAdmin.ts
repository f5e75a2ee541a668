/**
 * State of the administration screen: the API client for the signed-in administrator, the lists,
 * whether the server answered, and the words for a failure.
 */
import { ref } from 'vue';
import type { ComposerTranslation } from 'vue-i18n';
import { useSessionStore } from '../../stores/session';
import { runtime } from '../../sync/runtime';
import { AdminFailure, createAdminApi, MIN_PASSWORD_LENGTH, type AdminStaff, type Warehouse } from './adminApi';

/** Server codes of `/admin/*` name their message under `admin.errors` after this prefix. */
const ADMIN_CODE_PREFIX = 'admin' + '.';

/** Other codes this screen can meet, and their message under `admin.errors`. */
const OTHER_CODES: Readonly<Record<string, string>> = {
  offline: 'offline',
  role_not_allowed: 'role_not_allowed',
  'setup.weak_password': 'weak_password',
  'body.invalid': 'invalid',
  'params.invalid': 'invalid',
  'auth.revoked': 'session',
  'auth.expired': 'session',
  'auth.invalid': 'session',
  'auth.missing': 'session',
  'client.update_required': 'update_required',
};

/** The message for a failed call, in the current language. */
export function failureText(t: ComposerTranslation, te: (key: string) => boolean, error: unknown): string {
  const code = error instanceof AdminFailure ? error.code : 'failed';
  const name = code.startsWith(ADMIN_CODE_PREFIX) ? code.slice(ADMIN_CODE_PREFIX.length) : OTHER_CODES[code];
  const key = name === undefined ? null : `admin.errors.${name}`;
  return key !== null && te(key) ? t(key, { min: MIN_PASSWORD_LENGTH }) : t('admin.errors.unknown', { code });
}

export function useAdmin() {
  const session = useSessionStore();
  const api = createAdminApi({ baseUrl: session.apiBase, token: () => session.token, fetch: runtime().fetch });
  const warehouses = ref<Warehouse[]>([]);
  const staff = ref<AdminStaff[]>([]);
  const loading = ref(false);
  /** The last load found no server (the screen then says it needs the network). */
  const offline = ref(false);
  const loadError = ref<unknown>(null);

  async function load(): Promise<void> {
    loading.value = true;
    loadError.value = null;
    try {
      const [w, s] = await Promise.all([api.warehouses(), api.staff()]);
      warehouses.value = w;
      staff.value = s;
      offline.value = false;
    } catch (error) {
      offline.value = error instanceof AdminFailure && error.offline;
      loadError.value = error;
    } finally {
      loading.value = false;
    }
  }

  /** Puts a changed row in place (or adds a new one) without reloading the list. */
  function upsert<T extends { id: string }>(list: T[], row: T): T[] {
    const index = list.findIndex((r) => r.id === row.id);
    return index >= 0 ? list.map((r, i) => (i === index ? row : r)) : [...list, row];
  }

  const keepStaff = (row: AdminStaff): void => {
    staff.value = upsert(staff.value, row);
  };
  const keepWarehouse = (row: Warehouse): void => {
    warehouses.value = upsert(warehouses.value, row);
  };

  return { api, session, warehouses, staff, loading, offline, loadError, load, keepStaff, keepWarehouse };
}

export type AdminState = ReturnType<typeof useAdmin>;
