import { describe, expect, it } from 'vitest';
import { charFromCode, codeForChar, isImeEvent, resolveKey, toHalfWidth } from '../../../shared/scanner/index';

const ime = (code: string, shiftKey = false) => ({ key: 'Process', code, shiftKey, isComposing: true, keyCode: 229 });

describe('resolveKey', () => {
  it('uses a plain printable key as it is (non-US layouts stay right)', () => {
    expect(resolveKey({ key: 'q', code: 'KeyA', shiftKey: false, isComposing: false })).toEqual({ kind: 'char', char: 'q' });
    expect(resolveKey({ key: 'Enter', code: 'Enter', shiftKey: false, isComposing: false })).toEqual({ kind: 'named', name: 'Enter' });
    expect(resolveKey({ key: 'F9', code: 'F9', shiftKey: false, isComposing: false })).toEqual({ kind: 'named', name: 'F9' });
  });

  it.each([
    ['KeyA', false, 'a'],
    ['KeyA', true, 'A'],
    ['Digit1', false, '1'],
    ['Digit1', true, '!'],
    ['Minus', false, '-'],
    ['Minus', true, '_'],
    ['Slash', false, '/'],
    ['Period', false, '.'],
    ['Numpad0', true, '0'],
    ['Numpad9', false, '9'],
    ['NumpadDecimal', false, '.'],
    ['NumpadSubtract', false, '-'],
    ['NumpadDivide', false, '/'],
    ['Space', false, ' '],
  ])('rebuilds %s (shift %s) under an IME as %j', (code, shift, char) => {
    expect(resolveKey(ime(code, shift))).toEqual({ kind: 'char', char });
  });

  it('recovers Enter, Tab and modifiers from code under an IME', () => {
    expect(resolveKey(ime('Enter'))).toEqual({ kind: 'named', name: 'Enter' });
    expect(resolveKey(ime('NumpadEnter'))).toEqual({ kind: 'named', name: 'Enter' });
    expect(resolveKey(ime('Tab'))).toEqual({ kind: 'named', name: 'Tab' });
    expect(resolveKey(ime('ShiftLeft', true))).toEqual({ kind: 'named', name: 'Shift' });
    expect(resolveKey(ime('F9'))).toEqual({ kind: 'named', name: 'Process' });
  });

  it('treats keyCode 229 or Unidentified as IME even without isComposing', () => {
    expect(isImeEvent({ key: 'Process', code: 'KeyA', shiftKey: false, isComposing: false })).toBe(true);
    expect(isImeEvent({ key: 'a', code: 'KeyA', shiftKey: false, isComposing: false, keyCode: 229 })).toBe(true);
    expect(resolveKey({ key: 'Unidentified', code: 'Digit5', shiftKey: false, isComposing: false })).toEqual({ kind: 'char', char: '5' });
    expect(isImeEvent({ key: 'a', code: 'KeyA', shiftKey: false, isComposing: false, keyCode: 65 })).toBe(false);
  });

  it('folds full-width characters and falls back to the physical key for CJK punctuation', () => {
    expect(resolveKey({ key: 'Ａ', code: 'KeyA', shiftKey: true, isComposing: true })).toEqual({ kind: 'char', char: 'A' });
    expect(resolveKey({ key: '－', code: 'Minus', shiftKey: false, isComposing: false })).toEqual({ kind: 'char', char: '-' });
    expect(resolveKey({ key: '。', code: 'Period', shiftKey: false, isComposing: false })).toEqual({ kind: 'char', char: '.' });
    expect(resolveKey({ key: '、', code: 'Slash', shiftKey: false, isComposing: false })).toEqual({ kind: 'char', char: '/' });
    expect(resolveKey({ key: '中', code: 'F13', shiftKey: false, isComposing: false })).toEqual({ kind: 'named', name: '中' });
  });
});

describe('toHalfWidth / charFromCode / codeForChar', () => {
  it('folds only full-width ASCII forms and the ideographic space', () => {
    expect(toHalfWidth('ＳＦ１２３－／．　Ａｚ')).toBe('SF123-/. Az');
    expect(toHalfWidth('①㈱中')).toBe('①㈱中');
  });

  it('round-trips every printable ASCII character through the US layout', () => {
    for (let c = 0x20; c <= 0x7e; c += 1) {
      const ch = String.fromCharCode(c);
      const k = codeForChar(ch);
      expect(k, ch).not.toBeNull();
      if (k) expect(charFromCode(k.code, k.shiftKey)).toBe(ch);
    }
    expect(charFromCode('F9', false)).toBeNull();
    expect(codeForChar('é')).toBeNull();
  });
});
