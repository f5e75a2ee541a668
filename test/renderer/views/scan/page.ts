/** The scan station page mounted as the shell shows it (apart from ./support, which store tests load without the UI). */
import { defineComponent, h } from 'vue';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { provideScannerService } from '../../../../renderer/src/composables/useScanner';
import { createAppI18n } from '../../../../renderer/src/i18n';
import ScanStationView from '../../../../renderer/src/views/scan/ScanStationView.vue';
import type { Desk } from '../../support/desk';

/** The scan station page as the shell shows it: with the scanner service, on the scanner clock `now` (ms). */
export async function mountStation(desk: Desk, now: () => number): Promise<VueWrapper> {
  const Root = defineComponent({
    setup() {
      provideScannerService({ clock: now });
      return () => h(ScanStationView);
    },
  });
  const page = desk.mount(Root, [createAppI18n('zh-CN')]);
  await flushPromises();
  return page;
}
