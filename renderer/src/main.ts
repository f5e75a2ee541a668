/// <reference types="vite-plugin-pwa/vanillajs" />
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createAppI18n } from './i18n';
import { createAppRouter } from './router';
import { useSettingsStore } from './stores/settings';
import { useSyncStore } from './stores/sync';
import { installQuitFlush } from './platform/quitFlush';
import { notificationPrompts, startServiceWorker, wantsServiceWorker } from './pwa/serviceWorker';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const settings = useSettingsStore(pinia);
const i18n = createAppI18n(settings.locale);
app.use(i18n);
app.use(createAppRouter());
app.mount('#app');
// Desktop app: quitting waits (bounded) for one last push of the outbox.
installQuitFlush(() => {
  const sync = useSyncStore(pinia);
  return { syncNow: () => sync.syncNow(), pending: () => sync.pendingCount };
});

// The browser version's offline start-up (a built app only: the dev server serves modules one by one).
if (import.meta.env.PROD && wantsServiceWorker(window)) {
  void import('virtual:pwa-register').then(({ registerSW }) =>
    startServiceWorker(registerSW, notificationPrompts((key) => i18n.global.t(key))),
  );
}
