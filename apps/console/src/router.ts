import { installSessionGuard } from './features/session/session-guard';
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
    path: '/login',
    name: 'login',
    component: () => import('./features/session/routes/LoginView.vue'),
    meta: { title: 'Sign in', public: true },
  },
  {
    path: '/team',
    name: 'team',
    component: () => import('./features/team/routes/TeamView.vue'),
    meta: { title: 'Team' },
  },
  {
    path: '/',
    name: 'dashboard',
    component: () => import('./features/dashboard/routes/DashboardView.vue'),
    meta: { title: 'Dashboard' },
  },
  {
    path: '/containers',
    name: 'containers',
    component: () => import('./features/containers/routes/ContainersView.vue'),
    meta: { title: 'Containers' },
  },
  {
    path: '/containers/new',
    name: 'container-create',
    component: () => import('./features/containers/routes/CreateContainerView.vue'),
    meta: { title: 'Create a container', requires: 'operator' },
  },
  {
    path: '/containers/:id',
    name: 'container',
    component: () => import('./features/containers/routes/ContainerView.vue'),
    props: true,
    meta: { title: 'Container' },
  },
  {
    path: '/images',
    name: 'images',
    component: () => import('./features/images/routes/ImagesView.vue'),
    meta: { title: 'Images' },
  },
  {
    path: '/volumes',
    name: 'volumes',
    component: () => import('./features/volumes/routes/VolumesView.vue'),
    meta: { title: 'Volumes' },
  },
  {
    path: '/networks',
    name: 'networks',
    component: () => import('./features/networks/routes/NetworksView.vue'),
    meta: { title: 'Networks' },
  },
  {
    path: '/benchmarks',
    name: 'benchmarks',
    component: () => import('./features/benchmarks/routes/BenchmarksView.vue'),
    meta: { title: 'Benchmarks' },
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
  installSessionGuard(router);
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · Berth` : 'Berth';
  });
  return router;
}
