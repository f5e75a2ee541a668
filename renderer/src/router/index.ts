import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';

/** The product's areas, in navigation order. `key` names the i18n entries nav.<key> and areas.<key>. */
export const AREAS = ['scan', 'queues', 'disputes', 'finance', 'dashboard', 'sync', 'settings'] as const;
export type AreaKey = (typeof AREAS)[number];

const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/scan' },
  { path: '/settings', name: 'settings', component: () => import('../views/settings/SettingsView.vue') },
  { path: '/scan', name: 'scan', component: () => import('../views/scan/ScanStationView.vue') },
  { path: '/sync', name: 'sync', component: () => import('../views/sync/SyncView.vue') },
  ...AREAS.filter((area) => area !== 'settings' && area !== 'sync' && area !== 'scan').map((area) => ({
    path: `/${area}`,
    name: area,
    component: () => import('../views/ComingSoon.vue'),
    props: { area },
  })),
  { path: '/:pathMatch(.*)*', redirect: '/scan' },
];

/** Hash history: works from file:// inside Electron and from any static server. */
export function createAppRouter() {
  return createRouter({ history: createWebHashHistory(), routes });
}
