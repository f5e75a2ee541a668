/**
 * A form's "tried" state: fields show as wrong only after the person has tried to submit once, so
 * an empty dialog does not open covered in red. `status` and `feedback` feed a form item's
 * `validation-status` and `feedback` for one condition.
 */
import { ref, type Ref } from 'vue';

export interface FormCheck {
  tried: Ref<boolean>;
  status(bad: boolean): 'error' | undefined;
  feedback(bad: boolean, text: string): string | undefined;
}

export function useFormCheck(): FormCheck {
  const tried = ref(false);
  return {
    tried,
    status: (bad) => (tried.value && bad ? 'error' : undefined),
    feedback: (bad, text) => (tried.value && bad ? text : undefined),
  };
}
