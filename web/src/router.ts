import { createRouter, createWebHistory } from 'vue-router'
import DashboardPage from './pages/DashboardPage.vue'

// Every page has its own URL. The dashboard is in the first bundle; the other pages (and
// ECharts, which only chart pages load) are separate chunks.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: () => import('./pages/HomePage.vue') },
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue') },
    { path: '/r/:slug', name: 'dashboard', component: DashboardPage },
    { path: '/r/:slug/vision', name: 'vision', component: () => import('./pages/VisionPage.vue') },
    { path: '/r/:slug/kpis', name: 'kpis', component: () => import('./pages/KpiListPage.vue') },
    { path: '/r/:slug/kpis/:id', name: 'kpi', component: () => import('./pages/KpiPage.vue') },
    { path: '/r/:slug/progress', name: 'progress', component: () => import('./pages/ProgressPage.vue') },
    { path: '/r/:slug/tasks', name: 'tasks', component: () => import('./pages/TasksPage.vue') },
    { path: '/r/:slug/rounds', name: 'rounds', component: () => import('./pages/RoundsPage.vue') },
    { path: '/r/:slug/initiatives/:id/edit', name: 'edit-initiative', component: () => import('./pages/EditInitiativePage.vue') },
    { path: '/r/:slug/manage/:resource?', name: 'manage', component: () => import('./pages/ManagePage.vue') },
    { path: '/r/:slug/search', name: 'search', component: () => import('./pages/SearchPage.vue') },
    { path: '/r/:slug/audit', name: 'audit', component: () => import('./pages/AuditPage.vue') },
    { path: '/admin/users', name: 'users', component: () => import('./pages/UsersPage.vue') },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
  ],
})

let firstNavigation = true
router.afterEach((to, from) => {
  // Move focus to the main heading after an in-app navigation to another page, for
  // keyboard and screen-reader users. Not on the first load (the browser starts at the
  // top anyway), and not when only the query changes (a fiscal-year select, a tab): focus
  // stays on the control the user is working with.
  if (firstNavigation) {
    firstNavigation = false
    return
  }
  if (to.path === from.path) return
  requestAnimationFrame(() => {
    const h = document.querySelector<HTMLElement>('main h1')
    if (h) {
      h.setAttribute('tabindex', '-1')
      h.focus({ preventScroll: false })
    }
  })
  void to
})
