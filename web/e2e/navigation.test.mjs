// Issue 11: one year rule, states for signed-out visitors and empty years, the drill-down
// from the dashboard to an action, and no page scrolling sideways on a phone (390 px).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { REGION, artifacts, newPageOf, openSettled, shot, signIn, useServerAndBrowser } from './harness.mjs'

const env = useServerAndBrowser()

const newPage = (width, height) => newPageOf(env.browser, width, height)
const fyOf = (page) => new URL(page.url()).searchParams.get('fy')

describe('one year rule', () => {
  test('every year-bound page opens on the same year and has a year selector', async () => {
    const { context, page } = await newPage()
    const years = {}
    for (const [name, path] of [['dashboard', ''], ['vision', '/vision'], ['kpis', '/kpis'], ['kpi', '/kpis/3']]) {
      await page.goto(`${env.server.url}/r/${REGION}${path}`)
      await page.waitForURL((u) => u.searchParams.has('fy'))
      years[name] = fyOf(page)
      assert.ok(await page.getByLabel('年度', { exact: true }).count(), `${name} has a year selector`)
    }
    // The demo has actions in 2025 only; today's fiscal year has none yet.
    assert.deepEqual(new Set(Object.values(years)), new Set(['2025']), JSON.stringify(years))
    await context.close()
  })

  test('the KPI list follows ?fy=2025 and its selector', async () => {
    const { context, page } = await newPage()
    await page.goto(`${env.server.url}/r/${REGION}/kpis?fy=2025`)
    await page.getByTestId('kpi-list').waitFor()
    assert.equal(await page.getByTestId('kpi-list-year').textContent(), '令和7年度（2025）')
    assert.equal(await page.getByLabel('年度', { exact: true }).inputValue(), '2025')
    const r7 = await page.getByTestId('kpi-list').textContent()
    await page.goto(`${env.server.url}/r/${REGION}/kpis?fy=2027`)
    await page.getByTestId('kpi-list-year').getByText('令和9年度').waitFor()
    assert.equal(await page.getByLabel('年度', { exact: true }).inputValue(), '2027')
    // An empty year says so and links to the nearest year with data.
    await page.getByTestId('empty-year').waitFor()
    await page.getByTestId('nearest-year').click()
    await page.getByTestId('kpi-list-year').getByText('令和7年度').waitFor()
    assert.equal(fyOf(page), '2025')
    assert.equal(await page.getByTestId('kpi-list').textContent(), r7)
    await page.getByLabel('年度', { exact: true }).selectOption('2026')
    await page.waitForURL((u) => u.searchParams.get('fy') === '2026')
    await page.getByTestId('kpi-list-year').getByText('令和8年度').waitFor()
    await context.close()
  })
})

describe('states', () => {
  test('member pages ask signed-out visitors to sign in, and come back after sign-in', async () => {
    const { context, page } = await newPage()
    for (const path of ['/progress?fy=2025', '/tasks', '/rounds', '/manage/categories', '/audit']) {
      await page.goto(`${env.server.url}/r/${REGION}${path}`)
      await page.getByTestId('sign-in-needed').waitFor()
      assert.equal(await page.getByText('読み込み中').count(), 0, path)
      assert.equal(await page.getByRole('button', { name: /作成/ }).count(), 0, path)
    }
    await page.goto(`${env.server.url}/r/${REGION}/progress?fy=2025`)
    const link = page.getByRole('link', { name: 'ログインして表示する' })
    assert.match(await link.getAttribute('href'), /\/login\?next=.*progress/)
    await shot(page, 'signed-out-progress')
    await context.close()
  })

  test('a town editor lands on their task list after sign-in', async () => {
    const { context, page } = await newPage()
    await signIn(page, env.server.url, 'yubari')
    await page.waitForURL((u) => u.pathname === `/r/${REGION}/tasks`)
    await page.getByTestId('progress-sheet').waitFor()
    await context.close()
  })

  test('the secretariat picks a town on 担当の入力 instead of an empty page', async () => {
    const { context, page } = await newPage()
    await signIn(page, env.server.url, 'sec')
    await page.goto(`${env.server.url}/r/${REGION}/tasks`)
    await page.getByTestId('pick-town').waitFor()
    await page.getByLabel('市町', { exact: true }).selectOption({ label: '夕張市' })
    await page.getByTestId('progress-sheet').waitFor()
    assert.match(await page.locator('main h1').textContent(), /夕張市/)
    assert.equal(new URL(page.url()).searchParams.get('town'), '01209')
    await context.close()
  })

  test('進捗率 says what it covers', async () => {
    const { context, page } = await newPage()
    await page.goto(`${env.server.url}/r/${REGION}?fy=2025`)
    const covers = page.getByTestId('progress-rate-covers')
    await covers.waitFor()
    assert.match(await covers.textContent(), /報告のある\d+分野の平均（取組のある\d+分野中）|まだ報告がありません/)
    await context.close()
  })
})

describe('controls by role', () => {
  // The server allows opening a round, 確定・差戻し・再開, reminders, every write of 編集 and
  // the user list to the secretariat and administrators only; other members do not see them.
  async function controls(page) {
    const found = {}
    const count = async (name, locator) => (found[name] = await locator.count())
    await openSettled(page, `${env.server.url}/r/${REGION}/rounds`, page.locator('main h1'))
    await page.locator('main table').first().waitFor()
    await count('照会を開始', page.getByRole('button', { name: '照会を開始' }))
    await count('確定', page.getByRole('button', { name: '確定', exact: true }))
    await count('差戻し', page.getByRole('button', { name: '差戻し', exact: true }))
    await count('催促', page.getByRole('button', { name: /催促/ }))
    await count('一括ダウンロード', page.locator('[data-testid^="round-workbooks-"]'))
    await openSettled(page, `${env.server.url}/r/${REGION}/manage/actions`, page.locator('main h1'))
    await page.locator('main table button').first().waitFor()
    await count('作成', page.getByRole('button', { name: '作成', exact: true }))
    await page.locator('main table button').first().click()
    // The selected record's form (its fields are e-*); the create form's heading is there before.
    await page.locator('main [id^="e-"]').first().waitFor()
    await count('保存', page.getByRole('button', { name: '保存', exact: true }))
    await count('削除', page.getByRole('button', { name: '削除', exact: true }))
    await openSettled(page, `${env.server.url}/r/${REGION}/users`, page.locator('main h1'))
    await count('追加して仮パスワードを発行', page.getByRole('button', { name: '追加して仮パスワードを発行' }))
    return found
  }
  for (const who of ['council', 'town']) {
    test(`a ${who === 'town' ? 'town editor' : 'council member'} sees no control the server would refuse`, async () => {
      const { context, page } = await newPage()
      await signIn(page, env.server.url, who)
      const found = await controls(page)
      assert.deepEqual(Object.entries(found).filter(([, n]) => n > 0), [], JSON.stringify(found))
      await page.getByTestId('users-secretariat-only').waitFor()
      await context.close()
    })
  }
  test('the secretariat sees them', async () => {
    const { context, page } = await newPage()
    await signIn(page, env.server.url, 'sec')
    const found = await controls(page)
    for (const name of ['照会を開始', '確定', '差戻し', '催促', '一括ダウンロード', '作成', '保存', '削除', '追加して仮パスワードを発行'])
      assert.ok(found[name] > 0, `${name}: ${JSON.stringify(found)}`)
    // The forms pick the year in 和暦, the lead town by name and the viewpoints from their
    // list; no label asks for a code, a western year or a comma-separated list.
    await openSettled(page, `${env.server.url}/r/${REGION}/manage/actions`, page.locator('main h1'))
    const year = page.locator('#c-fiscal_year')
    assert.equal(await year.evaluate((e) => e.tagName), 'SELECT')
    assert.match(await year.locator('option:checked').textContent(), /^令和\d+年度（20\d\d）$/)
    assert.equal(await page.locator('#c-lead').evaluate((e) => e.tagName), 'SELECT')
    const labels = (await page.locator('main form label').allTextContents()).join(' ')
    assert.doesNotMatch(labels, /団体コード|西暦|カンマ/)
    await context.close()
  })
})

describe('drill-down', () => {
  test('dashboard → field → category → action by clicks, with breadcrumbs', async () => {
    const { context, page, problems } = await newPage()
    await signIn(page, env.server.url, 'sec')
    await page.goto(`${env.server.url}/r/${REGION}?fy=2025`)
    await page.getByTestId('status-table').getByRole('link', { name: '医療' }).click()
    await page.waitForURL(/\/fields\//)
    await page.locator('main h1').getByText('医療').waitFor()
    await page.getByTestId('field-categories').getByRole('link', { name: '救急医療体制' }).click()
    await page.waitForURL(/\/categories\//)
    await page.locator('main h1').getByText('救急医療体制').waitFor()
    await page.getByRole('link', { name: '岩見沢市夜間急病センターの効率的な運営' }).click()
    await page.waitForURL(/\/actions\//)
    await page.locator('main h1').getByText('岩見沢市夜間急病センターの効率的な運営').waitFor()
    const crumbs = page.getByTestId('breadcrumbs')
    assert.deepEqual(
      (await crumbs.locator('li').allTextContents()).map((s) => s.trim()),
      ['ダッシュボード', '医療', '救急医療体制', '岩見沢市夜間急病センターの効率的な運営'],
    )
    assert.equal(fyOf(page), '2025')
    await shot(page, 'action')
    // Back up by the breadcrumbs.
    await crumbs.getByRole('link', { name: '医療', exact: true }).click()
    await page.waitForURL(/\/fields\//)
    await page.locator('main h1').getByText('医療').waitFor()
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('a year without actions still shows its fields; an action of another year links to its year', async () => {
    const { context, page } = await newPage()
    // 医療 is 実施 in FY2026 but no action is registered that year yet.
    await page.goto(`${env.server.url}/r/${REGION}/fields/1?fy=2026`)
    await page.locator('main h1').getByText('医療').waitFor()
    assert.equal(await page.getByText('この分野はありません').count(), 0)
    await page.goto(`${env.server.url}/r/${REGION}/categories/1?fy=2026`)
    await page.getByTestId('breadcrumbs').getByRole('link', { name: '医療' }).waitFor()
    assert.equal(await page.getByText('このカテゴリはありません').count(), 0)
    await signIn(page, env.server.url, 'sec')
    await page.goto(`${env.server.url}/r/${REGION}/actions/1?fy=2026`)
    await page.getByTestId('action-other-year').waitFor()
    await page.getByTestId('action-own-year').click()
    await page.waitForURL((u) => u.searchParams.get('fy') === '2025')
    await page.locator('main h1').getByText('岩見沢市夜間急病センターの効率的な運営').waitFor()
    await context.close()
  })

  test("a click on a field's bar in the dashboard chart opens the field", async () => {
    const { context, page } = await newPage()
    await openSettled(page, `${env.server.url}/r/${REGION}?fy=2025`, page.getByTestId('status-table'))
    const fields = await page.getByTestId('status-table').locator('tbody th').allTextContents()
    const chart = page.locator('.chart').nth(1)
    await chart.scrollIntoViewIfNeeded()
    const box = await chart.boundingBox()
    // The status chart: grid top 56 px, bottom 30 px, one row per field; click the middle
    // of the first field's bar, just right of the axis (x = 90 px).
    const row = (box.height - 56 - 30) / fields.length
    await page.mouse.click(box.x + 96, box.y + 56 + row / 2)
    await page.waitForURL(/\/fields\//)
    await page.locator('main h1').getByText(fields[0].trim()).waitFor()
    await context.close()
  })

  test('the vision browser and search hits link to the pages', async () => {
    const { context, page } = await newPage()
    await page.goto(`${env.server.url}/r/${REGION}/vision?fy=2025`)
    await page.locator('main').getByRole('link', { name: '救急医療体制' }).first().click()
    await page.waitForURL(/\/categories\//)
    await page.locator('main h1').getByText('救急医療体制').waitFor()
    await shot(page, 'category')
    await page.goto(`${env.server.url}/r/${REGION}/search?q=${encodeURIComponent('医療')}`)
    await page.getByTestId('hits').getByRole('link').first().click()
    await page.waitForURL(/\/(fields|categories|actions)\//)
    await page.locator('main h1').getByText('医療').waitFor()
    await shot(page, 'field')
    await context.close()
  })
})

describe('phones', () => {
  const publicPages = [
    ['login', '/login'], ['dashboard', `/r/${REGION}?fy=2025`], ['vision', `/r/${REGION}/vision?fy=2025`],
    ['kpis', `/r/${REGION}/kpis?fy=2025`], ['kpi', `/r/${REGION}/kpis/3?fy=2025`], ['search', `/r/${REGION}/search?q=%E9%98%B2%E7%81%BD`],
    ['field', `/r/${REGION}/fields/1?fy=2025`], ['category', `/r/${REGION}/categories/1?fy=2025`],
    ['progress', `/r/${REGION}/progress?fy=2025`],
  ]
  const memberPages = [
    ...publicPages.filter(([n]) => n !== 'login'),
    ['tasks', `/r/${REGION}/tasks?town=01423`], ['rounds', `/r/${REGION}/rounds`],
    ['audit', `/r/${REGION}/audit`], ['action', `/r/${REGION}/actions/1?fy=2025`],
    ['meetings', `/r/${REGION}/meetings`], ['opinions', `/r/${REGION}/opinions`], ['opinion-table', `/r/${REGION}/opinions/table`],
    ['editions', `/r/${REGION}/editions`], ['draft', `/r/${REGION}/draft`], ['schedule', `/r/${REGION}/schedule`],
    ['workspace', `/r/${REGION}/fields/1/workspace`], ['users', `/r/${REGION}/users`], ['documents', `/r/${REGION}/documents`],
    ['kpi-grading', `/r/${REGION}/kpi-grading`],
  ]
  // Every tab of 編集 (/manage/*), read from the page's own tab list so a new resource is
  // covered too (the actions tab was 838 px wide at 390 px before).
  async function manageTabs(page) {
    await openSettled(page, `${env.server.url}/r/${REGION}/manage`, page.locator('main h1'))
    const hrefs = await page.locator('main nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))
    assert.ok(hrefs.length >= 7, `manage tabs: ${hrefs.join(' ')}`)
    return hrefs.map((h) => [`manage-${h.split('/').pop()}`, h])
  }
  async function check(page, who, list) {
    const wide = []
    for (const [name, path] of list) {
      await openSettled(page, env.server.url + path, page.locator('main h1'))
      const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }))
      if (scroll > inner) wide.push(`${name}: ${scroll} > ${inner}`)
      await shot(page, `phone-${who}-${name}`)
    }
    return wide
  }
  test('no main page scrolls sideways at 390 px, signed out', async () => {
    const { context, page } = await newPage(390, 844)
    assert.deepEqual(await check(page, 'public', publicPages), [])
    await context.close()
  })
  test('no main page scrolls sideways at 390 px, as the secretariat; the participation table stays short', async () => {
    const { context, page } = await newPage(390, 844)
    await signIn(page, env.server.url, 'sec2')
    assert.deepEqual(await check(page, 'sec', [...memberPages, ...await manageTabs(page)]), [])
    // No button wraps per character (編集 was 編/集): each button's text is on one line.
    await openSettled(page, `${env.server.url}/r/${REGION}/manage/actions`, page.locator('main h1'))
    const edit = page.getByRole('button', { name: /^編集:/ }).first()
    const lines = await edit.evaluate((b) => {
      const r = document.createRange()
      r.selectNodeContents(b)
      return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size
    })
    assert.ok(lines <= 1, `the 編集 button has ${lines} lines`)
    await page.goto(`${env.server.url}/r/${REGION}/vision?fy=2025`)
    const matrix = page.getByTestId('matrix')
    await matrix.waitFor()
    const box = await matrix.boundingBox()
    const rows = await matrix.locator('tbody tr').count()
    // Before issue 11 it was 6,242 px tall with one or two characters per line.
    assert.ok(box.height < rows * 100 + 150, `participation table ${Math.round(box.height)} px tall for ${rows} rows`)
    const head = await matrix.locator('thead th').nth(1).boundingBox()
    assert.ok(head.height < 50, `a town's column heading is ${Math.round(head.height)} px tall`)
    const first = await matrix.locator('tbody th').first().boundingBox()
    assert.ok(first.width >= 150, `the action column is ${Math.round(first.width)} px wide`)
    await matrix.locator('xpath=..').screenshot({ path: `${artifacts}/phone-sec-vision-matrix.png` })
    await context.close()
  })
  test('no main page scrolls sideways at 390 px, as a council member and as a town editor', async () => {
    for (const who of ['council', 'town']) {
      const { context, page } = await newPage(390, 844)
      await signIn(page, env.server.url, who)
      assert.deepEqual(await check(page, who, [...memberPages, ...await manageTabs(page)]), [], who)
      await context.close()
    }
  })
  test('screenshots at 1366 px', async () => {
    const { context, page } = await newPage(1366, 900)
    await signIn(page, env.server.url, 'sec2')
    for (const [name, path] of memberPages) {
      await openSettled(page, env.server.url + path, page.locator('main h1'))
      await shot(page, `desktop-sec-${name}`)
    }
    await context.close()
  })
})
