/**
 * Physical key → character mapping for scanner input (扫码枪键位还原).
 *
 * A keyboard-wedge scanner "types" its code through the HID keyboard interface, so the browser
 * reports ordinary key events. When a Chinese input method is active the IME intercepts those
 * keys: `keydown` then reports `key === 'Process'` (keyCode 229), or `isComposing === true`, and
 * the character the scanner meant is only recoverable from `KeyboardEvent.code` (the physical key)
 * plus the Shift state. Scanners are configured for a US keyboard layout, so the US layout is the
 * table used here.
 *
 * An IME in Chinese punctuation mode may also report full-width or CJK characters as `key`
 * ('１', 'Ａ', '－', '。'); full-width ASCII forms are folded back to ASCII, and anything that is
 * still not printable ASCII falls back to the physical key.
 */

/** Unshifted and shifted characters of the US layout, by `KeyboardEvent.code`. */
const US_LAYOUT: Readonly<Record<string, readonly [plain: string, shifted: string]>> = (() => {
  const table: Record<string, readonly [string, string]> = {};
  for (let c = 0; c < 26; c += 1) {
    const lower = String.fromCharCode(0x61 + c);
    table[`Key${lower.toUpperCase()}`] = [lower, lower.toUpperCase()];
  }
  const shiftedDigits = ')!@#$%^&*(';
  for (let d = 0; d < 10; d += 1) {
    table[`Digit${d}`] = [String(d), shiftedDigits.charAt(d)];
    // Numpad keys ignore Shift for characters (NumLock on, as scanners that use them require).
    table[`Numpad${d}`] = [String(d), String(d)];
  }
  const punctuation: Array<[string, string, string]> = [
    ['Minus', '-', '_'],
    ['Equal', '=', '+'],
    ['BracketLeft', '[', '{'],
    ['BracketRight', ']', '}'],
    ['Backslash', '\\', '|'],
    ['IntlBackslash', '\\', '|'],
    ['Semicolon', ';', ':'],
    ['Quote', "'", '"'],
    ['Backquote', '`', '~'],
    ['Comma', ',', '<'],
    ['Period', '.', '>'],
    ['Slash', '/', '?'],
    ['Space', ' ', ' '],
    ['NumpadDecimal', '.', '.'],
    ['NumpadAdd', '+', '+'],
    ['NumpadSubtract', '-', '-'],
    ['NumpadMultiply', '*', '*'],
    ['NumpadDivide', '/', '/'],
    ['NumpadEqual', '=', '='],
    ['NumpadComma', ',', ','],
  ];
  for (const [code, plain, shifted] of punctuation) table[code] = [plain, shifted];
  return table;
})();

/** Non-character keys that can still be recovered from `code` while an IME swallows the key name. */
const NAMED_BY_CODE: Readonly<Record<string, string>> = {
  Enter: 'Enter',
  NumpadEnter: 'Enter',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Escape: 'Escape',
  ArrowLeft: 'ArrowLeft',
  ArrowRight: 'ArrowRight',
  ArrowUp: 'ArrowUp',
  ArrowDown: 'ArrowDown',
  Home: 'Home',
  End: 'End',
  ShiftLeft: 'Shift',
  ShiftRight: 'Shift',
  ControlLeft: 'Control',
  ControlRight: 'Control',
  AltLeft: 'Alt',
  AltRight: 'Alt',
  MetaLeft: 'Meta',
  MetaRight: 'Meta',
  CapsLock: 'CapsLock',
};

/** `keyCode` an IME-processed keydown reports. */
const IME_PROCESS_KEY_CODE = 229;

/**
 * Folds full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space (U+3000) to ASCII.
 * Other characters are left as they are (deliberately narrower than NFKC, which would also turn
 * '①' into '1' or '㈱' into '(株)').
 */
export function toHalfWidth(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCharCode(cp - 0xfee0);
    else if (cp === 0x3000) out += ' ';
    else out += ch;
  }
  return out;
}

/** True for one printable ASCII character (space included). */
export function isPrintableAscii(ch: string): boolean {
  if (ch.length !== 1) return false;
  const c = ch.charCodeAt(0);
  return c >= 0x20 && c <= 0x7e;
}

/**
 * The character a physical key produces on the US layout, or `null` for keys that produce none
 * (function keys, arrows, unknown codes).
 */
export function charFromCode(code: string, shiftKey: boolean): string | null {
  const entry = US_LAYOUT[code];
  if (!entry) return null;
  return shiftKey ? entry[1] : entry[0];
}

/** Reverse lookup for simulators and tests: the physical key (and Shift) that types `ch`. */
export function codeForChar(ch: string): { code: string; shiftKey: boolean } | null {
  for (const [code, [plain, shifted]] of Object.entries(US_LAYOUT)) {
    if (code.startsWith('Numpad') || code === 'IntlBackslash') continue;
    if (plain === ch) return { code, shiftKey: false };
    if (shifted === ch) return { code, shiftKey: true };
  }
  return null;
}

/** What a key event stands for once IME and full-width effects are undone. */
export type ResolvedKey =
  | { kind: 'char'; char: string }
  /** A non-character key by its `KeyboardEvent.key` name ('Enter', 'Tab', 'F9', 'Shift', …). */
  | { kind: 'named'; name: string };

/** The subset of a key event needed to resolve it. */
export interface KeyIdentity {
  key: string;
  code: string;
  shiftKey: boolean;
  isComposing: boolean;
  keyCode?: number | undefined;
}

/** True when an IME owns the event and `key` cannot be trusted. */
export function isImeEvent(e: KeyIdentity): boolean {
  return e.isComposing || e.key === 'Process' || e.key === 'Unidentified' || e.keyCode === IME_PROCESS_KEY_CODE;
}

/**
 * Resolves a key event to the ASCII character it types, or to a key name.
 *
 * Order: a single-character `key` that is (or folds to) printable ASCII wins, which keeps non-US
 * layouts right when no IME is involved; otherwise, under an IME or for CJK punctuation, the
 * character is rebuilt from `code` + Shift; otherwise the key is a named key.
 */
export function resolveKey(e: KeyIdentity): ResolvedKey {
  const chars = [...e.key];
  if (chars.length === 1) {
    const folded = toHalfWidth(e.key);
    if (isPrintableAscii(folded)) return { kind: 'char', char: folded };
    // A CJK character or punctuation ('。', '、'): use the physical key.
    const rebuilt = charFromCode(e.code, e.shiftKey);
    if (rebuilt !== null) return { kind: 'char', char: rebuilt };
    return { kind: 'named', name: e.key };
  }
  if (isImeEvent(e)) {
    const rebuilt = charFromCode(e.code, e.shiftKey);
    if (rebuilt !== null) return { kind: 'char', char: rebuilt };
    const named = NAMED_BY_CODE[e.code];
    if (named !== undefined) return { kind: 'named', name: named };
    return { kind: 'named', name: e.key === '' ? 'Unidentified' : e.key };
  }
  return { kind: 'named', name: e.key };
}

const MODIFIER_KEYS: ReadonlySet<string> = new Set([
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'OS',
  'CapsLock',
  'NumLock',
  'ScrollLock',
  'Fn',
  'FnLock',
  'Hyper',
  'Super',
  'Symbol',
  'SymbolLock',
]);

/** Lone modifier presses (a scanner sends Shift around upper-case letters). */
export function isModifierKey(name: string): boolean {
  return MODIFIER_KEYS.has(name);
}
