import { createRouter, createWebHistory, type RouterHistory, type RouteRecordRaw } from 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** Shown in the browser tab as "<title> · Berth". */
    title?: string;
  }
}

// Views are loaded lazily so each feature becomes its own chunk as the console grows.
export const routes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'dashboard',
    component: () => import('./features/dashboard/routes/DashboardView.vue'),
    meta: { title: 'Dashboard' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./routes/NotFoundView.vue'),
    meta: { title: 'Not found' },
  },
];

/** History is a parameter so tests can pass a memory history. */
export function createBerthRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)) {
  const router = createRouter({ history, routes });
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · Berth` : 'Berth';
  });
  return router;
}
