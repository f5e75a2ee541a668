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
