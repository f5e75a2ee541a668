/** Columns the administration tables share. */
import { h } from 'vue';
import { NTag, type DataTableColumn } from 'naive-ui';
import type { ComposerTranslation } from 'vue-i18n';

/** Whether an account or a warehouse is in use, as a small green or grey tag. */
export function statusColumn<Row extends { active: boolean }>(t: ComposerTranslation, title: string, width: number): DataTableColumn<Row> {
  return {
    title,
    key: 'active',
    width,
    render: (row) => h(NTag, { size: 'small', type: row.active ? 'success' : 'default', bordered: false }, { default: () => t(row.active ? 'admin.status.active' : 'admin.status.inactive') }),
  };
}
