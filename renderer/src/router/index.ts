import { createRouter, createWebHashHistory, type LocationQueryValue, type RouteLocationRaw, type RouteRecordRaw, type Router, type RouterHistory } from 'vue-router';
import type { Staff } from '../../../shared/sync/wire';
import { useSessionStore } from '../stores/session';
import { FIRST_RUN, installFirstRunGuard } from '../platform/firstRunGuard';

/** The product's areas, in navigation order. `key` names the i18n entries nav.<key> and areas.<key>. */
export const AREAS = ['scan', 'queues', 'disputes', 'finance', 'dashboard', 'sync', 'admin', 'settings'] as const;
export type AreaKey = (typeof AREAS)[number];

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a signed-in session. Every other route needs one. */
    public?: boolean;
    /** The navigation area a page belongs to, when its route name is not an area (the case page). */
    area?: AreaKey;
  }
}

/**
 * Where each role starts after signing in. Buyers have no work area on the desk (they use the
 * storefront); should one sign in here, the queues are the least surprising place to land.
 */
export const ROLE_HOME: Readonly<Record<Staff['role'], AreaKey>> = {
  warehouse: 'scan',
  cs: 'queues',
  finance: 'finance',
  admin: 'dashboard',
  buyer: 'queues',
};

/**
 * Areas only some roles may open (the others neither see them in the navigation nor reach them by
 * address). Finance pays refunds, a department of its own (DOMAIN §4); the supervisor may look.
 */
export const AREA_ROLES: Partial<Readonly<Record<AreaKey, readonly Staff['role'][]>>> = {
  finance: ['finance', 'admin'],
  // Site administration (warehouses, staff accounts): administrators only.
  admin: ['admin'],
};

/** Whether a role may open an area. */
export function canOpenArea(area: AreaKey, role: Staff['role']): boolean {
  return AREA_ROLES[area]?.includes(role) ?? true;
}

export const SIGN_IN = 'sign-in';

/**
 * Which routes need a session:
 *  - the sign-in screen is public and full-page (outside the shell layout);
 *  - Settings is public: scanner set-up, language and theme are workstation settings that IT
 *    may do before anyone signs in, and it shows no after-sales data;
 *  - every work area, and Sync & conflicts (it lists the desk's unsent commands), needs a session.
 * `/` and unknown addresses go through the sign-in route, whose guard sends a signed-in user on
 * to the role's home — so the start page follows the role without a second redirect table.
 */
/** The sign-in screen: the first screen of every cold start (see `preloadSignIn`). */
const signInView = () => import('../views/signin/SignInView.vue');

const routes: RouteRecordRaw[] = [
  { path: '/sign-in', name: SIGN_IN, component: signInView, meta: { public: true } },
  // Desktop app: the first-run chooser (demo, this site, central API); see platform/firstRunGuard.ts.
  { path: '/first-run', name: FIRST_RUN, component: () => import('../views/firstrun/FirstRunView.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('../components/AppShell.vue'),
    children: [
      { path: '', name: 'home', redirect: { name: SIGN_IN } },
      { path: 'settings', name: 'settings', component: () => import('../views/settings/SettingsView.vue'), meta: { public: true } },
      { path: 'scan', name: 'scan', component: () => import('../views/scan/ScanStationView.vue') },
      { path: 'sync', name: 'sync', component: () => import('../views/sync/SyncView.vue') },
      { path: 'queues', name: 'queues', component: () => import('../views/cs/QueuesView.vue') },
      { path: 'disputes', name: 'disputes', component: () => import('../views/cs/QueuesView.vue'), props: { initialQueue: 'disputes' } },
      { path: 'case/:id', name: 'case', component: () => import('../views/cs/CasePage.vue'), props: true, meta: { area: 'queues' } },
      { path: 'finance', name: 'finance', component: () => import('../views/finance/FinanceView.vue') },
      { path: 'dashboard', name: 'dashboard', component: () => import('../views/dashboard/DashboardView.vue'), beforeEnter: warmDashboard },
      { path: 'admin', name: 'admin', component: () => import('../views/admin/AdminView.vue') },
    ],
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', redirect: { name: SIGN_IN } },
];

/**
 * Starts fetching the sign-in screen at once. Vue Router fetches a route's component only after
 * its guards have run, and the first navigation's guards read the last session from IndexedDB:
 * on a cold start that would be one wait after the other. Fetched in parallel, the route's own
 * import then finds the module loaded. Every later screen stays lazy.
 */
export function preloadSignIn(): void {
  signInView().catch(() => undefined);
}

/**
 * Starts fetching the screen a start-up opens at (a reload, the desktop app reopening where it
 * was) while the first navigation's guards read the last session, as `preloadSignIn` does for
 * the sign-in screen. Only for a work area: the sign-in screen preloads itself, and an address
 * that only redirects (home, unknown) would fetch the app shell for nothing.
 */
export function preloadRoute(router: Router, path: string): void {
  const target = router.resolve(path);
  if (target.matched.length === 0 || target.meta.public || target.name === 'home' || target.name === 'not-found') return;
  for (const record of target.matched) {
    for (const component of Object.values(record.components ?? {})) {
      // Every lazy route component here is `() => import(...)`; a module already loaded resolves at once.
      if (typeof component === 'function') (component as () => Promise<unknown>)().catch(() => undefined);
    }
  }
}

/**
 * Entering the dashboard (after the session guard let the user in): its store read starts now,
 * beside the fetch of the charts' code, instead of after that code ran. Failures are the view's
 * to show (it asks the same feed, which tries again).
 */
function warmDashboard(): void {
  void import('../stores/dashboardData').then(({ warmDashboardFeed }) => warmDashboardFeed()).catch(() => undefined);
}

/** The home route of a signed-in staff member. */
export function homeOf(staff: Pick<Staff, 'role'>): { name: AreaKey } {
  return { name: ROLE_HOME[staff.role] };
}

/**
 * The page the user wanted before signing in (`?redirect=`), when it is an address of this app
 * that needs a session; anything else (another origin, the sign-in screen, an unknown page) is
 * ignored so the role's home is used.
 */
export function wantedPage(router: Router, redirect: LocationQueryValue | LocationQueryValue[] | undefined): string | null {
  const raw = Array.isArray(redirect) ? redirect[0] : redirect;
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//')) return null;
  const target = router.resolve(raw);
  const name = target.name;
  if (target.matched.length === 0 || name === SIGN_IN || name === FIRST_RUN || name === 'not-found' || name === 'home') return null;
  return target.fullPath;
}

/** The area a route belongs to (its name, or `meta.area` for pages inside an area). */
function areaOf(route: { name?: unknown; meta: { area?: AreaKey } }): AreaKey | null {
  const name = route.meta.area ?? route.name;
  return typeof name === 'string' && (AREAS as readonly string[]).includes(name) ? (name as AreaKey) : null;
}

/** Where to go once signed in: the wanted page (when the role may open it), or the role's home. */
export function afterSignIn(router: Router, staff: Pick<Staff, 'role'>, redirect: LocationQueryValue | LocationQueryValue[] | undefined): RouteLocationRaw {
  const wanted = wantedPage(router, redirect);
  const area = wanted ? areaOf(router.resolve(wanted)) : null;
  return wanted && (area === null || canOpenArea(area, staff.role)) ? wanted : homeOf(staff);
}

/** Sign-in guard: reads the last session once (app start), then lets only signed-in staff into the work areas. */
export function installSessionGuard(router: Router): void {
  router.beforeEach(async (to) => {
    const session = useSessionStore();
    try {
      await session.restore();
      // The first time: how long the cold start waited for the local store (the benchmark reads it).
      if (performance.getEntriesByName('desk:session-read').length === 0) performance.mark('desk:session-read');
    } catch (error) {
      // A local store that cannot be read leaves nobody signed in; the sign-in screen reports storage errors.
      console.error('could not restore the last session', error);
    }
    const staff = session.staff;
    if (to.name === SIGN_IN) return staff ? afterSignIn(router, staff, to.query.redirect) : true;
    if (to.meta.public) return true;
    if (!staff) return { name: SIGN_IN, query: { redirect: to.fullPath } };
    const area = areaOf(to);
    // An area the role may not open is refused: back to the role's home.
    return area === null || canOpenArea(area, staff.role) ? true : homeOf(staff);
  });
}

/** Hash history: works from file:// inside Electron and from any static server. Tests pass a memory history. */
export function createAppRouter(history: RouterHistory = createWebHashHistory()): Router {
  const router = createRouter({ history, routes });
  installFirstRunGuard(router, SIGN_IN);
  installSessionGuard(router);
  return router;
}
