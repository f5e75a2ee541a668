/// <reference types="vite-plugin-pwa/vanillajs" />
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createAppI18n } from './i18n';
import { createAppRouter, preloadRoute, preloadSignIn } from './router';
import { useSettingsStore } from './stores/settings';
import type { useSyncStore } from './stores/sync';
import { installQuitFlush } from './platform/quitFlush';
import { notificationPrompts, startServiceWorker, wantsServiceWorker, whenFirstScreenSettled } from './pwa/serviceWorker';

preloadSignIn();
const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const settings = useSettingsStore(pinia);
const i18n = createAppI18n(settings.locale);
app.use(i18n);
const router = createAppRouter();
preloadRoute(router, window.location.hash.slice(1) || '/');
app.use(router);
app.mount('#app');
// Start-up marks for the cold-start benchmark (test/bench/app.bench.ts): where the time goes.
performance.mark('desk:mounted');
void router.isReady().then(() => performance.mark('desk:first-route'));
// Desktop app: quitting waits (bounded) for one last push of the outbox. The sync store (and the
// sync engine and rule book behind it) is loaded on the way out, not before the sign-in screen.
let sync: ReturnType<typeof useSyncStore> | null = null;
installQuitFlush(() => ({
  syncNow: async () => {
    sync ??= (await import('./stores/sync')).useSyncStore(pinia);
    await sync.syncNow();
  },
  pending: () => sync?.pendingCount ?? 0,
}));

// The browser version's offline start-up (a built app only: the dev server serves modules one by
// one), registered once the first screen is up, so its downloads never delay it.
if (import.meta.env.PROD && wantsServiceWorker(window)) {
  void whenFirstScreenSettled(window)
    .then(() => import('virtual:pwa-register'))
    .then(({ registerSW }) => startServiceWorker(registerSW, notificationPrompts((key) => i18n.global.t(key))));
}
