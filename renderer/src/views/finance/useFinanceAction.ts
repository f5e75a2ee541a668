/**
 * One finance command sent from a dialog or a drawer (approve, reject, carrier compensation): the
 * button spins while it is recorded; when the rules take it a message names the case and the
 * caller closes what it opened, otherwise the refusal is said and the form stays as typed.
 */
import { ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useMessage } from 'naive-ui';
import { rejectionText } from '../../format/labels';
import type { FinanceResult } from './batch';

export interface FinanceAction {
  busy: Ref<boolean>;
  /** Sends, then on success shows `doneText` and calls `after`; a refusal is shown as a message. */
  run(send: () => Promise<FinanceResult>, doneText: string, after: () => void): Promise<void>;
}

export function useFinanceAction(): FinanceAction {
  const { t, te } = useI18n();
  const message = useMessage();
  const busy = ref(false);
  async function run(send: () => Promise<FinanceResult>, doneText: string, after: () => void): Promise<void> {
    busy.value = true;
    try {
      const result = await send();
      if (result.ok) {
        message.success(doneText);
        after();
      } else message.error(rejectionText(t, te, result.rejection));
    } finally {
      busy.value = false;
    }
  }
  return { busy, run };
}
