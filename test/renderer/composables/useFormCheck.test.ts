/** A form's fields turn red only after the first try to submit. */
import { describe, expect, it } from 'vitest';
import { useFormCheck } from '../../../renderer/src/composables/useFormCheck';

describe('useFormCheck', () => {
  it('says nothing before the first try, even for a wrong field', () => {
    const { status, feedback } = useFormCheck();
    expect(status(true)).toBeUndefined();
    expect(feedback(true, 'Required')).toBeUndefined();
  });

  it('after a try, marks only the wrong fields and gives their text', () => {
    const { tried, status, feedback } = useFormCheck();
    tried.value = true;
    expect(status(true)).toBe('error');
    expect(feedback(true, 'Required')).toBe('Required');
    expect(status(false)).toBeUndefined();
    expect(feedback(false, 'Required')).toBeUndefined();
  });

  it('starts again when the form is reset', () => {
    const { tried, status } = useFormCheck();
    tried.value = true;
    tried.value = false;
    expect(status(true)).toBeUndefined();
  });
});
