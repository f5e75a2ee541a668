/**
 * Class lists for the plain tags drawn with the `ui-tag` styles (App.vue), which look like Naive
 * UI's borderless `n-tag` of the same type and size without a component instance each.
 */
export type PlainTagType = 'default' | 'info' | 'success' | 'warning' | 'error';
export type PlainTagSize = 'tiny' | 'small' | 'medium';

export function tagClass(type: PlainTagType = 'default', size: PlainTagSize = 'medium', round = false): string[] {
  const classes = ['ui-tag', `ui-tag--${size}`];
  if (type !== 'default') classes.push(`ui-tag--${type}`);
  if (round) classes.push('ui-tag--round');
  return classes;
}
