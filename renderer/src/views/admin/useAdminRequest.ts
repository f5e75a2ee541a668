/**
 * One administration request from a panel (save a warehouse, add staff, deactivate, set a
 * password): the dialog's button spins meanwhile, and a refusal or a missing network is said in
 * the current language while what was typed stays in the dialog.
 */
import { ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useMessage } from 'naive-ui';
import { failureText } from './useAdmin';

export interface AdminRequest {
  busy: Ref<boolean>;
  /** Runs `work`, then `done` with its answer; a failure becomes an error message. */
  run<T>(work: () => Promise<T>, done: (value: T) => void): Promise<void>;
}

export function useAdminRequest(): AdminRequest {
  const { t, te } = useI18n();
  const message = useMessage();
  const busy = ref(false);
  async function run<T>(work: () => Promise<T>, done: (value: T) => void): Promise<void> {
    busy.value = true;
    try {
      done(await work());
    } catch (error) {
      message.error(failureText(t, te, error));
    } finally {
      busy.value = false;
    }
  }
  return { busy, run };
}
