/**
 * Every translation key the renderer's code uses exists in both locales. Read from the sources
 * (`.ts` and `.vue`, templates included), so a key on a screen no test opens is checked too:
 *
 * - lookups with a literal key — `t('…')`, `$t('…')`, `tr('…')`, `tc('…')`, `i18n.global.t('…')` —
 *   must name a message (a string) in zh-CN and in en-US;
 * - lookups built from a template literal — ``t(`sync.connection.${state}`)`` — must have their
 *   fixed part name a group of messages in both locales;
 * - any other quoted literal in a namespace used only for translations (`'scanStation.banner.invalid'`
 *   handed to a helper that translates it later) must name a message too.
 */
import { describe, expect, it } from 'vitest';
import { messages, SUPPORTED_LOCALES } from '../../../renderer/src/i18n';

// The sources as text, through Vite (the renderer's tests have no Node APIs).
const SOURCES = import.meta.glob<string>(['../../../renderer/src/**/*.{ts,vue}', '!../../../renderer/src/i18n/**', '!**/*.d.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const SRC_PREFIX = '../../../renderer/src/';

/**
 * Top-level namespaces that are also words of the domain and the sync protocol (command types
 * `cs.approve`, `finance.approve_refund`, rejection codes `session.signed_out`, `sync.invalid_reply`): a quoted literal
 * there is not necessarily a key, so only lookups are checked in them.
 */
const SHARED_NAMESPACES = new Set(['cs', 'finance', 'session', 'sync', 'rejections']);

/**
 * Keys known to be used but missing, in files whose owners fix them separately. Each entry must
 * still be used and still be missing (the test below fails otherwise, so the list cannot go stale).
 */
const KNOWN_MISSING: ReadonlyArray<{ file: string; key: string; reason: string }> = [];

function lookup(locale: (typeof SUPPORTED_LOCALES)[number], key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages[locale]);
}

interface Use {
  file: string;
  key: string;
  /** `message`: must be a string; `group`: must be an object (a key built at run time below it). */
  kind: 'message' | 'group';
}

const LOOKUP = String.raw`(?:\$t|(?<![\w$.])t|(?<![\w$.])tr|(?<![\w$.])tc|i18n(?:\.global)?\.t)\(\s*`;
const LITERAL_LOOKUP = new RegExp(`${LOOKUP}'([^'\\n]+)'`, 'g');
const TEMPLATE_LOOKUP = new RegExp(`${LOOKUP}\`([^\`\\n]*)\``, 'g');
const QUOTED_KEY = /'([a-zA-Z]\w*(?:\.[\w-]+)+)'/g;

function usesIn(path: string, src: string): Use[] {
  const file = path.slice(SRC_PREFIX.length);
  const uses: Use[] = [];
  for (const m of src.matchAll(LITERAL_LOOKUP)) uses.push({ file, key: m[1] ?? '', kind: 'message' });
  for (const m of src.matchAll(TEMPLATE_LOOKUP)) {
    const literal = m[1] ?? '';
    const at = literal.indexOf('${');
    if (at < 0) {
      uses.push({ file, key: literal, kind: 'message' });
      continue;
    }
    // The fixed part up to the last complete segment: `labels.print.failed.${code}` → labels.print.failed.
    const fixed = literal.slice(0, at);
    const group = fixed.slice(0, fixed.lastIndexOf('.'));
    if (group !== '') uses.push({ file, key: group, kind: 'group' });
  }
  const namespaces = new Set(Object.keys(messages['zh-CN']).filter((ns) => !SHARED_NAMESPACES.has(ns)));
  for (const m of src.matchAll(QUOTED_KEY)) {
    const key = m[1] ?? '';
    if (namespaces.has(key.split('.')[0] ?? '')) uses.push({ file, key, kind: 'message' });
  }
  return uses;
}

function problems(uses: readonly Use[]): string[] {
  const out = new Set<string>();
  for (const use of uses) {
    for (const locale of SUPPORTED_LOCALES) {
      const value = lookup(locale, use.key);
      const ok = use.kind === 'message' ? typeof value === 'string' : value !== null && typeof value === 'object';
      if (!ok) out.add(`${use.file}: ${use.key} (${locale}${value === undefined ? '' : `, is ${typeof value}`})`);
    }
  }
  return [...out].sort();
}

describe('translation keys used in the code', () => {
  const uses = Object.entries(SOURCES).flatMap(([path, src]) => usesIn(path, src));
  const isKnown = (p: string): boolean => KNOWN_MISSING.some((k) => p.startsWith(`${k.file}: ${k.key} (`));

  it('finds the lookups (the scan reads the code at all)', () => {
    expect(uses.length).toBeGreaterThan(500);
    expect(uses).toContainEqual({ file: 'components/StatusBar.vue', key: 'sync.bar.syncNow', kind: 'message' });
    expect(uses).toContainEqual({ file: 'components/StatusBar.vue', key: 'sync.connection', kind: 'group' });
  });

  it('exist in zh-CN and en-US', () => {
    expect(problems(uses).filter((p) => !isKnown(p))).toEqual([]);
  });

  it('the known gaps left to their owners are still used and still missing', () => {
    for (const known of KNOWN_MISSING) {
      expect(uses.some((u) => u.file === known.file && u.key === known.key), `${known.key} no longer used in ${known.file}: remove it from KNOWN_MISSING`).toBe(true);
      expect(problems(uses).filter((p) => p.startsWith(`${known.file}: ${known.key} (`)), `${known.key} now exists: remove it from KNOWN_MISSING`).toHaveLength(SUPPORTED_LOCALES.length);
    }
  });

  it('would catch a wrong key: the check itself fails on one', () => {
    expect(problems([{ file: 'x.vue', key: 'labels.printer.printed', kind: 'message' }])).toEqual([
      'x.vue: labels.printer.printed (en-US)',
      'x.vue: labels.printer.printed (zh-CN)',
    ]);
    expect(problems([{ file: 'x.vue', key: 'labels.print.printed', kind: 'message' }])).toEqual([]);
    expect(problems([{ file: 'x.vue', key: 'labels.print', kind: 'message' }])).toEqual(['x.vue: labels.print (en-US, is object)', 'x.vue: labels.print (zh-CN, is object)']);
  });
});
