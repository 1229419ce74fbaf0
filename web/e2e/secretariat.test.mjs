// Issue 11: the secretariat needs no command line. (ADR 0015) it manages its region's users in
// the web — towns by name, adding a user with a temporary password shown once, moving the
// grant to another town — and the new user must choose a password at the first sign-in, then
// lands on their tasks; axe and the phone width on the users page. It enters the actual of a
// KPI that is not a sum of town values, with the year picked and the number typed as staff do.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import AxeBuilder from '@axe-core/playwright'
import { REGION, newPageOf, openSettled, shot, signIn, useServerAndBrowser } from './harness.mjs'

const env = useServerAndBrowser()

// The secretariat signs in once (its second factor allows one code per 30 s); later pages
// reuse that session.
let secState
const newPage = (width, height, storageState) => newPageOf(env.browser, width, height, storageState)

async function seriousAxe(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
}

const apiGet = (page, p) => page.evaluate(async (u) => (await fetch(u)).json(), p)
const rowOf = (page, login) => page.getByTestId('users').locator(`tbody tr[data-login="${login}"]`)

describe('user management (secretariat)', () => {
  let temporary = ''

  test('adds a user with a town picked by name and sees the temporary password once', async () => {
    const { context, page, problems } = await newPage()
    try {
      await signIn(page, env.server.url, 'sec')
      secState = await context.storageState()
      // The header links the region's users page for the secretariat.
      const link = page.locator(`header a[href="/r/${REGION}/users"]`)
      await link.waitFor()
      await openSettled(page, `${env.server.url}/r/${REGION}/users`, page.getByTestId('users'))
      // Grants by the town's name, never the code.
      assert.match(await rowOf(page, 'town').getByTestId('user-roles').textContent(), /市町担当（南幌町）/)
      assert.doesNotMatch(await page.getByTestId('users').textContent(), /01423/)

      await page.getByLabel('氏名').fill('佐藤 花子')
      await page.getByLabel('ログインID', { exact: true }).fill('sato.h')
      await page.locator('#add-role-0').selectOption('municipality_editor')
      await page.getByLabel('担当の市町').selectOption({ label: '夕張市' })
      await page.getByRole('button', { name: '追加して仮パスワードを発行' }).click()
      const shown = page.getByTestId('temporary-password-value')
      await shown.waitFor()
      temporary = (await shown.textContent()).trim()
      assert.match(temporary, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/)
      await rowOf(page, 'sato.h').waitFor()
      assert.match(await rowOf(page, 'sato.h').getByTestId('user-roles').textContent(), /夕張市/)
      assert.match(await rowOf(page, 'sato.h').textContent(), /仮パスワード/)
      await shot(page, 'users-added')
      // Shown once: a reload does not show it again.
      await page.reload()
      await rowOf(page, 'sato.h').waitFor()
      assert.equal(await page.getByTestId('temporary-password').count(), 0)
      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })

  test('moves the grant from one town to another', async () => {
    const { context, page, problems } = await newPage(1366, 900, secState)
    try {
      await openSettled(page, `${env.server.url}/r/${REGION}/users`, page.getByTestId('users'))
      await rowOf(page, 'sato.h').getByRole('button', { name: '役割・担当の変更' }).click()
      const edit = page.getByTestId('edit-grants')
      await edit.getByLabel('担当の市町').selectOption({ label: '南幌町' })
      await edit.getByRole('button', { name: '変更を保存' }).click()
      await page.getByRole('status').filter({ hasText: '市町担当（南幌町）' }).waitFor()
      // The row says the same as the message (it is not left on the old town until a reload).
      assert.match(await rowOf(page, 'sato.h').getByTestId('user-roles').textContent(), /市町担当（南幌町）/)
      await page.reload()
      await rowOf(page, 'sato.h').getByTestId('user-roles').filter({ hasText: '市町担当（南幌町）' }).waitFor()
      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })

  test('the new user changes the temporary password at the first sign-in and lands on their tasks', async () => {
    assert.ok(temporary, 'the first test issued a temporary password')
    const { context, page, problems } = await newPage()
    try {
      await page.goto(`${env.server.url}/login`)
      await page.getByLabel(/ログインID/).fill('sato.h')
      await page.getByLabel('パスワード', { exact: true }).fill(temporary)
      await page.getByRole('button', { name: 'ログイン' }).click()
      await page.getByTestId('change-password').waitFor()
      await page.getByLabel('新しいパスワード', { exact: true }).fill('南幌の春は遅いけれど美しい')
      await page.getByLabel('新しいパスワード（確認）').fill('南幌の春は遅いけれど美しい')
      await page.getByRole('button', { name: '設定して続ける' }).click()
      await page.waitForURL((u) => u.pathname === `/r/${REGION}/tasks`, { timeout: 15000 })
      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })

  test('the users page: no serious or critical axe violations, and no sideways scroll at 390 px', async () => {
    for (const width of [1366, 390]) {
      const { context, page } = await newPage(width, 844, secState)
      try {
        await openSettled(page, `${env.server.url}/r/${REGION}/users`, page.getByTestId('users'))
        assert.deepEqual(await seriousAxe(page), [], `axe at ${width}px`)
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
        assert.ok(overflow <= 0, `scrolls sideways by ${overflow}px at ${width}px`)
        if (width === 390) await shot(page, 'users-phone')
      } finally {
        await context.close()
      }
    }
  })

  test('a town editor gets no users page', async () => {
    const { context, page } = await newPage()
    try {
      await signIn(page, env.server.url, 'town')
      assert.equal(await page.getByRole('link', { name: '利用者' }).count(), 0)
      await page.goto(`${env.server.url}/r/${REGION}/users`)
      // The page says whom to ask instead of showing forms; the server refuses the list anyway.
      assert.match(await page.getByTestId('users-secretariat-only').textContent(), /事務局と管理者/)
      assert.equal(await page.getByRole('button', { name: '追加して仮パスワードを発行' }).count(), 0)
      const res = await page.request.get(`${env.server.url}/api/v1/regions/${REGION}/users`)
      assert.equal(res.status(), 403)
      assert.match(JSON.stringify(await res.json()), /権限がありません/)
    } finally {
      await context.close()
    }
  })
})

describe('KPI actuals that are not a sum of town values (secretariat)', () => {
  test('enters a region-wide actual with the year picked; an unreadable value stays with a message', async () => {
    const { context, page, problems } = await newPage(1366, 900, secState)
    try {
      await page.goto(`${env.server.url}/r/${REGION}`)
      const list = await apiGet(page, `/api/v1/regions/${REGION}/kpis?fy=2025`)
      const kpi = list.items.find((k) => !k.summed)
      assert.ok(kpi, 'the demo has a KPI that is not summed')
      await openSettled(page, `${env.server.url}/r/${REGION}/kpis/${kpi.id}?fy=2025`, page.getByTestId('kpi-actual-form'))
      const form = page.getByTestId('kpi-actual-form')
      await form.getByLabel('年度').selectOption({ label: '令和8年度（2026）' })
      // Typed as staff type it: 全角 digits, a 全角 point and the unit.
      await form.getByLabel(/実績値/).fill(`４２．５${kpi.unit}`)
      await form.getByRole('button', { name: '実績を登録' }).click()
      await form.getByRole('status').getByText(/令和8年度（2026）の実績を 42\.5/).waitFor()
      const series = await apiGet(page, `/api/v1/regions/${REGION}/kpis/${kpi.id}/series`)
      assert.equal(series.years.find((y) => y.fiscal_year.year === 2026).actual, '42.5')
      assert.match(await form.getByTestId('kpi-actual-current').textContent(), /42\.5/)
      // The KPI stays labelled サンプル (its other figures are the demo's).
      if (kpi.sample) assert.match(await page.locator('h1').textContent(), /サンプル/)

      await form.getByLabel(/実績値/).fill('たくさん')
      await form.getByRole('button', { name: '実績を登録' }).click()
      await form.locator('.field-error').getByText(/読めません/).waitFor()
      assert.equal(await form.getByLabel(/実績値/).inputValue(), 'たくさん')
      const again = await apiGet(page, `/api/v1/regions/${REGION}/kpis/${kpi.id}/series`)
      assert.equal(again.years.find((y) => y.fiscal_year.year === 2026).actual, '42.5')
      await shot(page, 'kpi-actual-entered')
      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })
})

describe('KPI definitions (secretariat)', () => {
  test('adds a KPI with its category picked by name and its years picked, typed numbers read', async () => {
    const { context, page, problems } = await newPage(1366, 900, secState)
    try {
      await openSettled(page, `${env.server.url}/r/${REGION}/kpis?fy=2025`, page.getByTestId('kpi-list'))
      await page.getByText('成果指標の追加').click()
      const form = page.getByTestId('kpi-create-form')
      const category = form.getByLabel(/カテゴリ/)
      assert.match(await category.locator('option').first().textContent(), / \/ /)
      await form.getByLabel('指標名').fill('移住相談件数（ブラウザテスト）')
      await form.getByLabel('単位').fill('件')
      await form.getByLabel('基準年度').selectOption({ label: '令和6年度（2024）' })
      await form.getByLabel('基準値').fill('１２件')
      await form.getByLabel('目標年度').selectOption({ label: '令和11年度（2029）' })
      await form.getByLabel('目標値').fill('30')
      await form.getByRole('button', { name: '成果指標を追加' }).click()
      await form.getByRole('status').getByText(/追加しました/).waitFor()
      const row = page.getByTestId('kpi-list').locator('tbody tr', { hasText: '移住相談件数（ブラウザテスト）' })
      await row.waitFor()
      assert.match(await row.textContent(), /12/)
      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })
})

describe('the audit trail in human words (secretariat)', () => {
  test('filtered by 成果指標, it names the KPI, the year, who, and the value from what to what', async () => {
    const { context, page, problems } = await newPage(1366, 900, secState)
    try {
      await openSettled(page, `${env.server.url}/r/${REGION}/audit`, page.getByTestId('audit-entries'))
      await page.getByLabel('記録の種類').selectOption({ label: '成果指標' })
      await page.getByTestId('audit-entries').locator('tbody tr[data-kind="kpi"]').first().waitFor()
      // The unfiltered rows go when the filtered list has loaded.
      await page.getByTestId('audit-entries').locator('tbody tr:not([data-kind="kpi"])').first().waitFor({ state: 'detached' })
      const rows = page.getByTestId('audit-entries').locator('tbody tr')
      const n = await rows.count()
      assert.ok(n > 0)
      assert.equal(await page.getByTestId('audit-entries').locator('tbody tr:not([data-kind="kpi"])').count(), 0)
      // The secretariat's actual of the earlier test: in words, not ids or JSON.
      const first = rows.filter({ hasText: '42.5' }).first()
      assert.match(await first.getByTestId('audit-record').textContent(), /令和8年度/)
      assert.match(await first.textContent(), /値: .* → 42\.5/)
      const text = await page.getByTestId('audit-entries').textContent()
      assert.doesNotMatch(text, /kpi_actual|cli:|\{"|\d+\/20\d\d\//)
      assert.deepEqual(problems, [])
      await shot(page, 'audit-kpi')
    } finally {
      await context.close()
    }
  })
})

describe('search finds towns by name', () => {
  test('南幌町 is a hit with a count, and leads to the actions it takes part in', async () => {
    const { context, page, problems } = await newPage()
    try {
      await openSettled(page, `${env.server.url}/r/${REGION}/search?q=${encodeURIComponent('南幌町')}`, page.getByTestId('search-count'))
      assert.match(await page.getByTestId('search-count').textContent(), /^\d+件/)
      const link = page.getByTestId('town-hits').getByRole('link', { name: '南幌町' })
      await link.click()
      await page.waitForURL((u) => u.pathname === `/r/${REGION}/vision` && u.searchParams.get('town') === '01423')
      const box = page.getByTestId('town-actions')
      await box.waitFor()
      assert.match(await box.locator('h2').textContent(), /南幌町が参加する取組/)
      assert.ok((await box.locator('li').count()) > 0)
      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })
})

describe('editing forms use pickers, never typed codes', () => {
  test('an action: the lead town by name and the viewpoints from the list', async () => {
    const { context, page, problems } = await newPage(1366, 900, secState)
    try {
      await openSettled(page, `${env.server.url}/r/${REGION}/manage/actions`, page.getByRole('button', { name: /^編集:/ }).first())
      await page.getByRole('button', { name: /^編集:/ }).first().click()
      const lead = page.locator('#e-lead')
      await lead.waitFor()
      assert.equal(await lead.evaluate((el) => el.tagName), 'SELECT')
      await lead.selectOption({ label: '南幌町' })
      const boxes = page.locator('#e-viewpoints input[type="checkbox"]')
      assert.ok((await boxes.count()) >= 6, 'the six viewpoints')
      assert.match(await page.locator('#e-viewpoints').textContent(), /❶/)
      // The creation form too.
      assert.equal(await page.locator('#c-lead').evaluate((el) => el.tagName), 'SELECT')
      assert.ok((await page.locator('#c-viewpoints input[type="checkbox"]').count()) >= 6)
      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })
})
