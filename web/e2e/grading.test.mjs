// Issue 11 item 6 (ADR 0019): the secretariat sets the KPI grade bands in the web — minimums
// typed as staff type them, a wrong order shown at its cell and nothing saved, a confirmation
// — and the dashboard and the KPI list follow at once; a category's lifecycle stage is added
// and removed with 和暦 pickers and a confirmation; the administrator creates a region, which
// starts unpublished, and publishes it. Screenshots at 1366 and 390 px; no sideways scroll.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import AxeBuilder from '@axe-core/playwright'
import { REGION, newPageOf, openSettled, shot, signIn, useServerAndBrowser } from './harness.mjs'

const env = useServerAndBrowser()

const newPage = (width, height, storageState) => newPageOf(env.browser, width, height, storageState)

async function seriousAxe(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
}
const sideways = (page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)
const headerCells = async (page) =>
  (await page.getByTestId('dashboard-grades').locator('thead th').allTextContents()).map((s) => s.trim()).slice(1)

let secState
let adminState

describe('settings of the secretariat without the command line', () => {
  test('the secretariat changes the grade bands and the dashboard follows', async () => {
    const { context, page, problems } = await newPage()
    try {
      await signIn(page, env.server.url, 'sec')
      secState = await context.storageState()
      await openSettled(page, `${env.server.url}/r/${REGION}?fy=2025`, page.getByTestId('dashboard-grades'))
      assert.deepEqual(await headerCells(page), ['A', 'B', 'C', 'D', '—'])

      // From the KPI list to the grading page.
      await openSettled(page, `${env.server.url}/r/${REGION}/kpis?fy=2025`, page.getByTestId('grading-link'))
      await page.getByTestId('grading-link').click()
      const form = page.getByTestId('grading-form')
      await form.waitFor()
      assert.equal(await page.locator('#band-grade-0').inputValue(), 'A')

      // A wrong order is shown at its cell and nothing is sent.
      await page.locator('#band-min-1').fill('120')
      await form.getByRole('button', { name: '評価区分を保存' }).click()
      await page.getByText('下限は上の区分より小さくしてください').waitFor()
      assert.equal(await page.getByTestId('confirm-dialog').isVisible(), false)

      // S ≥ ９０％ (typed full-width), A ≥ 60, C removed, below: B.
      await page.locator('#band-grade-0').fill('S')
      await page.locator('#band-min-0').fill('９０％')
      await page.locator('#band-grade-1').fill('A')
      await page.locator('#band-min-1').fill('60')
      await form.getByRole('row').filter({ has: page.locator('#band-grade-2') }).getByRole('button', { name: '削除' }).click()
      await page.locator('#band-below').fill('B')
      await shot(page, 'grading-1366')
      assert.equal(await sideways(page), false)
      assert.deepEqual(await seriousAxe(page), [])
      await form.getByRole('button', { name: '評価区分を保存' }).click()
      const dialog = page.getByRole('dialog', { name: '評価区分を変更しますか' })
      await dialog.waitFor()
      assert.match(await dialog.textContent(), /S 90%以上、A 60%以上、B それ未満/)
      await dialog.getByRole('button', { name: '評価区分を保存' }).click()
      await page.getByTestId('grading-message').filter({ hasText: '評価区分を保存しました' }).waitFor()
      assert.equal(await page.locator('#band-min-0').inputValue(), '90')

      // The dashboard and the KPI list follow at once.
      await openSettled(page, `${env.server.url}/r/${REGION}?fy=2025`, page.getByTestId('dashboard-grades'))
      assert.deepEqual(await headerCells(page), ['S', 'A', 'B', '—'])
      await shot(page, 'dashboard-grades-1366')
      const kpis = await page.evaluate(async (u) => (await fetch(u)).json(), `/api/v1/regions/${REGION}/kpis?fy=2025`)
      const drill = kpis.items.find((k) => k.name.startsWith('合同防災訓練'))
      assert.equal(drill.achievement.grade, 'A') // 83.3 % ≥ 60
      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })

  test('the grading page at 390 px: no sideways scroll; members other than the secretariat only read', async () => {
    const { context, page, problems } = await newPage(390, 900, secState)
    try {
      await openSettled(page, `${env.server.url}/r/${REGION}/kpi-grading`, page.getByTestId('grading-form'))
      assert.equal(await sideways(page), false)
      // One card per band: every button of a band lies inside its card, clear of its border
      // (at least the card's padding), and the cards inside the page's margin.
      const gaps = await page.getByTestId('grading-bands').evaluate((table) =>
        [...table.querySelectorAll('tbody tr')].flatMap((tr) => {
          const card = tr.getBoundingClientRect()
          return [...tr.querySelectorAll('button')].map((b) => {
            const r = b.getBoundingClientRect()
            return { left: r.left - card.left, right: card.right - r.right, page: document.documentElement.clientWidth - card.right }
          })
        }))
      assert.ok(gaps.length >= 3, `buttons: ${gaps.length}`)
      for (const g of gaps) {
        assert.ok(g.left >= 8 && g.right >= 8, `a button touches its card's edge: ${JSON.stringify(g)}`)
        assert.ok(g.page >= 8, `a card touches the page's edge: ${JSON.stringify(g)}`)
      }
      await shot(page, 'grading-390')
      await openSettled(page, `${env.server.url}/r/${REGION}?fy=2025`, page.getByTestId('dashboard-grades'))
      assert.equal(await sideways(page), false)
      await shot(page, 'dashboard-grades-390')
      await openSettled(page, `${env.server.url}/r/${REGION}/manage/categories`, page.getByRole('button', { name: /^編集: / }).first())
      await page.getByRole('button', { name: /^編集: / }).first().click()
      await page.getByTestId('stage-add').waitFor()
      assert.equal(await sideways(page), false)
      await shot(page, 'stages-390')
      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
    const council = await newPage()
    try {
      await signIn(council.page, env.server.url, 'council')
      await openSettled(council.page, `${env.server.url}/r/${REGION}/kpi-grading`, council.page.getByTestId('grading-bands'))
      assert.equal(await council.page.getByTestId('grading-form').count(), 0)
      assert.match(await council.page.getByTestId('grading-bands').textContent(), /S.*90%以上/)
    } finally {
      await council.context.close()
    }
  })

  test('the secretariat adds and removes a lifecycle stage with 和暦 pickers and a confirmation', async () => {
    const { context, page, problems } = await newPage(1366, 900, secState)
    try {
      await openSettled(page, `${env.server.url}/r/${REGION}/manage/categories`, page.getByRole('button', { name: /^編集: / }).first())
      await page.getByRole('button', { name: /^編集: / }).first().click()
      const add = page.getByTestId('stage-add')
      await add.waitFor()
      await add.getByLabel('開始年度').selectOption({ label: '令和11年度（2029）' })
      await add.getByLabel('段階').selectOption({ label: '終了' })
      await add.getByRole('button', { name: '段階を追加' }).click()
      const row = page.getByTestId('category-stages').getByRole('row').filter({ hasText: '令和11年度' })
      await row.waitFor()
      assert.match(await row.textContent(), /終了/)
      await shot(page, 'stages-1366')
      await row.getByRole('button').click()
      const dialog = page.getByRole('dialog', { name: '段階を削除しますか' })
      await dialog.waitFor()
      await dialog.getByRole('button', { name: '段階を削除する' }).click()
      await page.getByText('令和11年度（2029）からの段階を削除しました').waitFor()
      assert.equal(await page.getByTestId('category-stages').getByRole('row').filter({ hasText: '令和11年度' }).count(), 0)
      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })

  test("the secretariat edits a year's 検討項目 one per line, and they are kept as typed", async () => {
    const { context, page, problems } = await newPage(390, 900, secState)
    try {
      await openSettled(page, `${env.server.url}/r/${REGION}/manage/categories`, page.getByRole('button', { name: /^編集: / }).first())
      await page.getByRole('button', { name: /^編集: / }).first().click()
      const topics = page.getByLabel('検討項目')
      await topics.waitFor()
      const loaded = page.waitForResponse((r) => r.url().includes('/years/2027'))
      await page.locator('#y-fy').selectOption({ label: '令和9年度（2027）' })
      await loaded
      // What staff paste: a full-width indent, a blank line, a trailing space.
      await topics.fill('　広域の検討会を開く\n\n連携協定の見直し ')
      await page.getByTestId('year-save').click()
      await page.getByText('保存しました').first().waitFor()
      await page.reload()
      await page.getByRole('button', { name: /^編集: / }).first().click()
      await page.getByLabel('検討項目').waitFor()
      await page.locator('#y-fy').selectOption({ label: '令和9年度（2027）' })
      await page.waitForFunction(() => document.querySelector('#y-topics')?.value === '広域の検討会を開く\n連携協定の見直し')
      assert.equal(await sideways(page), false)
      await shot(page, 'topics-390')
      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })

  test('the administrator creates a region (unpublished) and publishes it with a confirmation', async () => {
    const { context, page, problems } = await newPage()
    try {
      await signIn(page, env.server.url, 'admin')
      adminState = await context.storageState()
      await openSettled(page, `${env.server.url}/admin/regions`, page.getByTestId('region-create'))
      const create = page.getByTestId('region-create')
      await create.getByLabel('圏域の名称').fill('北空知定住自立圏')
      await create.getByLabel('識別名（URL に使います）').fill('kita-sorachi')
      await create.getByLabel('ビジョンの名称').fill('北空知定住自立圏共生ビジョン')
      // The central city by name: a municipality Kyosei holds fills in its code and kind.
      await page.locator('#r-c-known option[value="岩見沢市"]').waitFor({ state: 'attached' })
      assert.equal(await page.locator('#r-c-known option').count(), 9) // the demo region's towns
      await create.getByLabel('中心市の名称').fill('岩見沢市')
      assert.equal(await create.getByLabel('中心市の団体コード').inputValue(), '01210')
      assert.equal(await create.getByLabel('中心市の種別').inputValue(), 'city')
      // Another city: the filled code goes again, and its code is typed.
      await create.getByLabel('中心市の名称').fill('深川市')
      assert.equal(await create.getByLabel('中心市の団体コード').inputValue(), '')
      await create.getByLabel('中心市の団体コード').fill('012166') // a six-digit code with a wrong check digit
      await create.getByRole('button', { name: '圏域を作成' }).click()
      await page.locator('#r-c-code[aria-invalid="true"]').waitFor()
      await create.getByText('中心市の団体コードの6桁目（検査数字）が上5桁と合いません').waitFor()
      await create.getByLabel('中心市の団体コード').fill('０１２１６５')
      await create.getByRole('button', { name: '圏域を作成' }).click()
      const row = page.getByTestId('regions').locator('tr[data-slug="kita-sorachi"]')
      await row.waitFor()
      assert.equal((await row.getByTestId('region-state').textContent()).trim(), '非公開')
      await shot(page, 'regions-admin-1366')
      assert.deepEqual(await seriousAxe(page), [])
      // Someone changes the region after the list was read: publishing is refused, said so,
      // and the list read again; the second try publishes.
      const other = await page.evaluate(async () => (await fetch('/api/v1/regions/kita-sorachi', {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'If-Match': '*', 'X-CSRF-Token': sessionStorage.getItem('kyosei.csrf') ?? '' },
        body: JSON.stringify({ name_en: 'Kita-Sorachi' }),
      })).status)
      assert.equal(other, 200)
      const publish = async () => {
        await row.getByRole('button', { name: '公開する' }).click()
        const dialog = page.getByRole('dialog', { name: '圏域を公開しますか' })
        await dialog.waitFor()
        await dialog.getByRole('button', { name: '公開する' }).click()
      }
      await publish()
      await page.getByTestId('regions-message').filter({ hasText: 'ほかの操作で変更されていました' }).waitFor()
      assert.equal((await row.getByTestId('region-state').textContent()).trim(), '非公開')
      await publish()
      await row.getByTestId('region-state').filter({ hasText: '公開中' }).waitFor()
      const listed = await page.evaluate(async () => (await (await fetch('/api/v1/regions', { credentials: 'omit' })).json()).regions.map((r) => r.slug))
      assert.ok(listed.includes('kita-sorachi'))
      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
    const phone = await newPage(390, 900, adminState)
    try {
      await openSettled(phone.page, `${env.server.url}/admin/regions`, phone.page.getByTestId('region-create'))
      assert.equal(await sideways(phone.page), false)
      await shot(phone.page, 'regions-admin-390')
    } finally {
      await phone.context.close()
    }
  })
})
