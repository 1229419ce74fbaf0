// Issue 11: the KPI list as the 進捗表 (both 達成率 labelled, the grading one marked, several
// years of 実績, the projection mark), sorting and filtering, the year of ?fy=, the phone
// layout (the table scrolls in its own box, first column fixed), the dashboard's KPIs at risk
// leading to the KPI, and axe on the new parts. The figures are the demo's サンプル values.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import AxeBuilder from '@axe-core/playwright'
import { REGION, newPageOf, openSettled, shot, useServerAndBrowser } from './harness.mjs'

const env = useServerAndBrowser()

const newPage = (width, height) => newPageOf(env.browser, width, height)

const rowOf = (page, name) => page.getByTestId('kpi-list').locator('tbody tr', { hasText: name })
const firstRowName = async (page) => (await page.getByTestId('kpi-list').locator('tbody tr th').first().textContent()).trim()

async function seriousAxe(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
}

describe('the 進捗表', () => {
  test('follows ?fy=2025, labels both rates, marks the grading one and shows the projection', async () => {
    const { context, page, problems } = await newPage()
    await openSettled(page, `${env.server.url}/r/${REGION}/kpis?fy=2025`, page.getByTestId('kpi-list'))
    assert.equal(await page.getByTestId('kpi-list-year').textContent(), '令和7年度（2025）')
    assert.equal(await page.getByLabel('年度', { exact: true }).inputValue(), '2025')
    const progressHead = (await page.getByTestId('rate-head-progress').textContent()).trim()
    const ratioHead = (await page.getByTestId('rate-head-ratio').textContent()).trim()
    assert.match(progressHead, /^達成率（基準値からの進捗）\s*★$/)
    assert.match(ratioHead, /^達成率（実績÷目標）$/)
    const heads = await page.getByTestId('kpi-list').locator('thead th').allTextContents()
    for (const h of ['基準値', '最終目標', '当該年度の目標', '令和5年度実績', '令和6年度実績', '令和7年度実績', '評価', '担当', '見通し']) {
      assert.ok(heads.some((x) => x.includes(h)), `column ${h} in ${heads.join(' | ')}`)
    }
    // 夜間急病 (R7): 86.7 % from the baseline, 99.4 % as 31.0 ÷ 31.2; trend to R11 → 困難.
    const er = rowOf(page, '夜間急病')
    assert.equal(await er.getByTestId('rate-progress').textContent(), '86.7%')
    assert.equal(await er.getByTestId('rate-ratio').textContent(), '99.4%')
    assert.match(await er.locator('td').last().textContent(), /困難.*令和11年度.*28\.7%/)
    assert.match(await rowOf(page, 'JR室蘭線').locator('td').last().textContent(), /順調/)
    assert.match(await rowOf(page, '合同防災訓練').locator('td').last().textContent(), /データ不足/)
    assert.match(await page.getByTestId('grading-method').textContent(), /達成率（基準値からの進捗）/)
    // 今後の方向性 comes from the members-only evaluations: a visitor sees no column and a
    // sentence saying why.
    assert.equal(await page.getByTestId('direction-head').count(), 0)
    assert.match(await page.getByTestId('direction-note').textContent(), /圏域の関係者/)
    await shot(page, 'kpis-progress-table-1366')
    assert.deepEqual(await seriousAxe(page), [])

    // Filter by mark, by field and by name; sort by either rate.
    await page.getByTestId('filter-outlook').selectOption('difficult')
    assert.equal(await page.getByTestId('kpi-list').locator('tbody tr').count(), 1)
    assert.match(await firstRowName(page), /夜間急病/)
    assert.equal(await page.getByTestId('kpi-count').textContent(), '1件（全5件）')
    await page.getByTestId('filter-outlook').selectOption('')
    await page.getByTestId('filter-text').fill('防災')
    assert.equal(await page.getByTestId('kpi-list').locator('tbody tr').count(), 1)
    await page.getByTestId('filter-text').fill('')
    await page.getByTestId('sort-key').selectOption('ratio')
    await page.getByTestId('sort-desc').check()
    assert.match(await firstRowName(page), /JR室蘭線/) // 415 ÷ 410 = 101.2 %
    await page.getByTestId('sort-key').selectOption('progress')
    await page.getByTestId('sort-desc').uncheck()
    assert.match(await firstRowName(page), /高齢者向け/) // 50.0 %, the lowest
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('on a phone the table scrolls in its own box with the first column fixed', async () => {
    const { context, page } = await newPage(390, 844)
    await openSettled(page, `${env.server.url}/r/${REGION}/kpis?fy=2025`, page.getByTestId('kpi-list'))
    const m = await page.evaluate(() => {
      const box = document.querySelector('[data-testid="kpi-table-box"]')
      const first = document.querySelector('[data-testid="kpi-list"] tbody th')
      return {
        scroll: document.documentElement.scrollWidth,
        inner: window.innerWidth,
        boxScroll: box.scrollWidth,
        boxWidth: box.clientWidth,
        sticky: getComputedStyle(first).position,
      }
    })
    assert.ok(m.scroll <= m.inner, `page ${m.scroll} > ${m.inner}`)
    assert.ok(m.boxScroll > m.boxWidth, 'the wide table scrolls inside its box')
    assert.equal(m.sticky, 'sticky')
    // Scrolled to the end, the KPI's name is still in view.
    await page.getByTestId('kpi-table-box').evaluate((b) => { b.scrollLeft = b.scrollWidth })
    assert.ok(await rowOf(page, '夜間急病').locator('th').isVisible())
    await shot(page, 'kpis-progress-table-390')
    await context.close()
  })
})

describe('KPIs at risk', () => {
  test('the dashboard lists them and links to the KPI, whose chart states the projection', async () => {
    const { context, page, problems } = await newPage()
    await openSettled(page, `${env.server.url}/r/${REGION}?fy=2025`, page.getByTestId('kpis-at-risk'))
    const items = page.getByTestId('kpis-at-risk').locator('li')
    assert.equal(await items.count(), 1)
    assert.match(await items.first().textContent(), /困難.*夜間急病.*サンプル/)
    await shot(page, 'dashboard-at-risk-1366')
    assert.deepEqual(await seriousAxe(page), [])
    await items.first().getByRole('link').click()
    await page.waitForURL((u) => /\/kpis\/\d+$/.test(u.pathname) && u.searchParams.get('fy') === '2025')
    await page.getByTestId('kpi-projection').waitFor()
    assert.match(await page.getByTestId('kpi-projection').textContent(), /困難.*令和11年度（2029）の見込み 28\.7%/)
    await page.waitForLoadState('networkidle')
    await shot(page, 'kpi-projection-1366')
    assert.deepEqual(await seriousAxe(page), [])
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('phone: the dashboard and the KPI page do not scroll sideways', async () => {
    const { context, page } = await newPage(390, 844)
    await openSettled(page, `${env.server.url}/r/${REGION}?fy=2025`, page.getByTestId('kpis-at-risk'))
    let w = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
    assert.ok(w[0] <= w[1], `dashboard ${w}`)
    await shot(page, 'dashboard-at-risk-390')
    await page.getByTestId('kpis-at-risk').getByRole('link').first().click()
    await page.getByTestId('kpi-projection').waitFor()
    await page.waitForLoadState('networkidle')
    w = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
    assert.ok(w[0] <= w[1], `kpi ${w}`)
    await shot(page, 'kpi-projection-390')
    await context.close()
  })
})
