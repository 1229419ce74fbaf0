import { createRouter, createWebHistory } from 'vue-router'
import DashboardPage from './features/dashboard/DashboardPage.vue'

// Every page has its own URL; pages live in their feature's folder (features/<feature>/).
// The dashboard is in the first bundle; the other pages (and ECharts, which only chart
// pages load) are separate chunks.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: () => import('./features/common/pages/HomePage.vue') },
    { path: '/login', name: 'login', component: () => import('./features/access/LoginPage.vue') },
    { path: '/r/:slug', name: 'dashboard', component: DashboardPage },
    { path: '/r/:slug/vision', name: 'vision', component: () => import('./features/plan/VisionPage.vue') },
    { path: '/r/:slug/fields/:id', name: 'field', component: () => import('./features/plan/FieldPage.vue') },
    { path: '/r/:slug/categories/:id', name: 'category', component: () => import('./features/plan/CategoryPage.vue') },
    { path: '/r/:slug/actions/:id', name: 'action', component: () => import('./features/plan/ActionPage.vue') },
    { path: '/r/:slug/kpis', name: 'kpis', component: () => import('./features/kpi/KpiListPage.vue') },
    { path: '/r/:slug/kpi-grading', name: 'kpi-grading', meta: { member: true }, component: () => import('./features/kpi/GradingPage.vue') },
    { path: '/r/:slug/kpis/:id', name: 'kpi', component: () => import('./features/kpi/KpiPage.vue') },
    { path: '/r/:slug/progress', name: 'progress', meta: { member: true }, component: () => import('./features/progress/ProgressPage.vue') },
    { path: '/r/:slug/tasks', name: 'tasks', meta: { member: true }, component: () => import('./features/progress/TasksPage.vue') },
    { path: '/r/:slug/rounds', name: 'rounds', meta: { member: true }, component: () => import('./features/progress/RoundsPage.vue') },
    { path: '/r/:slug/initiatives/:id/edit', name: 'edit-initiative', meta: { member: true }, component: () => import('./features/plan/EditInitiativePage.vue') },
    { path: '/r/:slug/manage/:resource?', name: 'manage', meta: { member: true }, component: () => import('./features/plan/ManagePage.vue') },
    // The council (features/council): meetings and the 意見対応表 are public (the server
    // sends signed-out visitors only what is published); the opinions list is for members.
    { path: '/r/:slug/meetings', name: 'meetings', component: () => import('./features/council/MeetingsPage.vue') },
    { path: '/r/:slug/meetings/:id', name: 'meeting', component: () => import('./features/council/MeetingPage.vue') },
    { path: '/r/:slug/opinions', name: 'opinions', meta: { member: true }, component: () => import('./features/council/OpinionsPage.vue') },
    { path: '/r/:slug/opinions/table', name: 'opinion-table', component: () => import('./features/council/OpinionTablePage.vue') },
    { path: '/r/:slug/opinions/:id', name: 'opinion', component: () => import('./features/council/OpinionPage.vue') },
    { path: '/r/:slug/editions', name: 'editions', component: () => import('./features/editions/EditionsPage.vue') },
    { path: '/r/:slug/editions/:n', name: 'edition', component: () => import('./features/editions/EditionPage.vue') },
    { path: '/r/:slug/editions/:a/diff/:b', name: 'edition-diff', component: () => import('./features/editions/DiffPage.vue') },
    { path: '/r/:slug/draft', name: 'edition-draft', meta: { member: true }, component: () => import('./features/editions/DraftPage.vue') },
    // The year's schedule: public (signed-out visitors get the dates of public events only).
    { path: '/r/:slug/schedule', name: 'schedule', component: () => import('./features/council/SchedulePage.vue') },
    // A field's subcommittee workspace: members only (threads, assessments, proposals).
    { path: '/r/:slug/fields/:id/workspace', name: 'workspace', meta: { member: true }, component: () => import('./features/council/WorkspacePage.vue') },
    { path: '/r/:slug/search', name: 'search', component: () => import('./features/search/SearchPage.vue') },
    { path: '/r/:slug/audit', name: 'audit', meta: { member: true }, component: () => import('./features/audit/AuditPage.vue') },
    { path: '/r/:slug/users', name: 'region-users', meta: { member: true }, component: () => import('./features/access/RegionUsersPage.vue') },
    // Documents and exports (issue 14): the council material, exports and open data.
    { path: '/r/:slug/documents', name: 'documents', meta: { member: true }, component: () => import('./features/documents/DocumentsPage.vue') },
    { path: '/admin/regions', name: 'regions-admin', meta: { member: true }, component: () => import('./features/plan/RegionsAdminPage.vue') },
    { path: '/admin/users', name: 'users', meta: { member: true }, component: () => import('./features/access/UsersPage.vue') },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./features/common/pages/NotFoundPage.vue') },
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
