import { describe, expect, it } from 'vitest';
import { messages } from '../../../renderer/src/i18n';
import { AREAS } from '../../../renderer/src/router';

type Tree = { [key: string]: string | Tree };

function leafKeys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : leafKeys(value, `${prefix}${key}.`),
  );
}

describe('translations', () => {
  const zh = leafKeys(messages['zh-CN'] as unknown as Tree).sort();
  const en = leafKeys(messages['en-US'] as unknown as Tree).sort();

  it('en-US has exactly the keys of zh-CN', () => {
    expect(en).toEqual(zh);
  });

  it('has a non-empty label and description for every navigation area in both languages', () => {
    for (const locale of ['zh-CN', 'en-US'] as const) {
      for (const area of AREAS) {
        expect(messages[locale].nav[area].length).toBeGreaterThan(0);
        expect(messages[locale].areas[area].length).toBeGreaterThan(0);
      }
    }
  });

  it('really translates: no English string is left identical to its Chinese one, apart from language names', () => {
    const get = (tree: unknown, key: string): unknown =>
      key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree);
    const same = zh.filter((key) => !key.startsWith('language.') && get(messages['zh-CN'], key) === get(messages['en-US'], key));
    expect(same).toEqual([]);
  });
});

describe('plural forms in English', () => {
  function leaves(tree: Tree, prefix = ''): [string, string][] {
    return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`)));
  }

  it('no English message hedges a count with "(s)": it has a singular and a plural form instead', () => {
    const hedged = leaves(messages['en-US'] as unknown as Tree).filter(([, text]) => /\w\(s\)/.test(text));
    expect(hedged).toEqual([]);
  });

  it('a count chooses the form: one case, two cases', async () => {
    const { createAppI18n } = await import('../../../renderer/src/i18n');
    const { t } = createAppI18n('en-US').global;
    expect(t('scanStation.banner.received', { caseNo: 'RMA1', count: 1 }, 1)).toBe('Received: RMA1');
    expect(t('scanStation.banner.received', { caseNo: 'RMA1', count: 2 }, 2)).toBe('Received: RMA1 (2 cases)');
    expect(t('cs.compare.photoCount', { count: 1 }, 1)).toBe('1 photo');
    expect(t('cs.compare.photoCount', { count: 3 }, 3)).toBe('3 photos');
    // Chinese has one form, whatever the count.
    const zh = createAppI18n('zh-CN').global;
    expect(zh.t('scanStation.banner.received', { caseNo: 'RMA1', count: 2 }, 2)).toBe('已收货：RMA1（共 2 单）');
  });
});
