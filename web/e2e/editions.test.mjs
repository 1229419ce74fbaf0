// Browser tests of the editions pages (features/editions, issue 13): the secretariat starts a
// draft, rolls FY2025 into FY2026 and publishes it, then rolls FY2026 over into FY2027 with a
// preview, edits the draft (a KPI target with its reason), reads the 新旧対照表 (旧 | 新 with
// the changed characters marked) and publishes; a signed-out visitor sees the draft's
// changes only after publication; while a draft exists, a direct edit on the 編集 page is
// refused with a link to the draft, and goes through once it is discarded. The editions pages have no serious or critical axe
// violations; screenshots go to artifacts/e2e/.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import AxeBuilder from '@axe-core/playwright'
import { REGION, newPageOf, openSettled, shot, signIn, useServerAndBrowser } from './harness.mjs'

const env = useServerAndBrowser()
const R = `/r/${REGION}`
const KPI = '合同防災訓練に参加した職員数（サンプル）'

const newPage = (width, height) => newPageOf(env.browser, width, height)

async function confirm(page, name) {
  const dialog = page.getByRole('dialog')
  await dialog.waitFor()
  await dialog.getByRole('button', { name, exact: true }).click()
  await dialog.waitFor({ state: 'hidden' })
}

async function axe(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)
}

const visitorJson = async (path) => {
  const r = await fetch(env.server.url + path)
  assert.equal(r.status, 200, path)
  return r.json()
}
const fy2027Content = async () => {
  const v = await visitorJson(`/api/v1/regions/${REGION}/vision?fy=2027`)
  return v.policy_areas.flatMap((a) => a.fields.flatMap((f) => f.categories)).filter((c) => c.has_content).length
}

/** On the draft page: roll `from` over (preview, then apply). */
async function rollOver(page, from) {
  await page.getByLabel('更新元の年度').selectOption(String(from))
  await page.getByTestId('rollover-preview').click()
  await page.getByTestId('rollover-table').waitFor()
  await page.getByTestId('rollover-apply').click()
  await page.getByTestId('notice').waitFor()
}

async function createDraft(page, title, from) {
  await openSettled(page, `${env.server.url}${R}/draft`, page.getByTestId('create-draft'))
  await page.getByLabel('表題').fill(title)
  await page.getByLabel('適用年度').selectOption(String(from))
  await page.getByRole('button', { name: '改訂案をつくる' }).click()
  await page.getByTestId('draft-diff').waitFor()
}

describe('editions: draft, roll-over, comparison, publication', () => {
  test('the secretariat rolls FY2026 over into FY2027, edits the draft, compares and publishes', async () => {
    const { context, page, problems } = await newPage()
    await signIn(page, env.server.url, 'sec')
    // FY2026 first (the demo has FY2025 content only).
    await createDraft(page, '令和8年度への更新', 2026)
    await rollOver(page, 2025)
    await page.getByTestId('publish').click()
    await confirm(page, '公表する')
    await page.waitForURL((u) => u.pathname.endsWith('/editions'))
    assert.equal((await visitorJson(`/api/v1/regions/${REGION}/editions`)).editions.length, 3)
    assert.equal(await fy2027Content(), 0)

    // FY2027: preview, apply, a KPI target with its reason.
    await createDraft(page, '令和9年度への更新', 2027)
    await page.getByLabel('更新元の年度').selectOption('2026')
    await page.getByTestId('rollover-preview').click()
    const table = page.getByTestId('rollover-table')
    await table.waitFor()
    assert.ok((await table.locator('tbody tr').count()) > 5, 'the preview lists the actions')
    await page.getByTestId('rollover-apply').click()
    await page.getByTestId('notice').waitFor()
    const kpi = page.locator(`[data-kpi="${KPI}"]`)
    await kpi.getByLabel('目標値').fill('200')
    await kpi.getByLabel('理由').fill('参加市町の拡大に合わせて引き上げ')
    await kpi.getByRole('button', { name: '保存' }).click()
    await page.getByTestId('notice').waitFor()
    assert.equal(await fy2027Content(), 0, 'nothing public changes before publication')
    assert.equal((await visitorJson(`/api/v1/regions/${REGION}/editions`)).editions.length, 3)

    // The 新旧対照表, side by side.
    await page.getByTestId('draft-diff').click()
    const diff = page.getByTestId('diff-table')
    await diff.waitFor()
    const kpiRow = diff.locator('tr[data-kind="kpi"]')
    assert.match(await kpiRow.getByTestId('old').innerText(), /150/)
    assert.equal(await kpiRow.getByTestId('new').locator('ins').first().innerText(), '20')
    assert.ok((await diff.locator('tr[data-kind="year"]').count()) > 5)
    assert.deepEqual(await axe(page), [])
    await shot(page, 'editions-diff')

    await page.goBack()
    await page.getByTestId('publish').waitFor()
    await page.getByTestId('publish').click()
    await confirm(page, '公表する')
    await page.waitForURL((u) => u.pathname.endsWith('/editions'))
    await page.getByTestId('editions').waitFor()
    assert.deepEqual(await axe(page), [])
    await shot(page, 'editions-list')
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('a signed-out visitor sees the published editions and never the draft', async () => {
    assert.ok((await fy2027Content()) > 5, 'FY2027 is public once published')
    const { context, page, problems } = await newPage(390, 844)
    await openSettled(page, `${env.server.url}${R}/editions`, page.getByTestId('editions'))
    assert.equal(await page.locator('[data-edition]').count(), 4)
    assert.equal(await page.getByTestId('draft-box').count(), 0)
    // Dates in 和暦 with the western date beside them, as the region's documents write them.
    assert.match(await page.getByTestId('editions').innerText(), /令和7年3月26日（2025-03-26）/)
    await page.getByRole('link', { name: '前の版との新旧対照表' }).first().click()
    await page.getByTestId('diff-table').waitFor()
    await page.goto(`${env.server.url}${R}/editions/1`)
    await page.getByTestId('timeline').waitFor()
    assert.ok((await page.getByTestId('inferred').count()) > 0, '推定 marks are shown')
    assert.deepEqual(await axe(page), [])
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('while a draft exists, a direct edit of the plan is refused with a link to the draft', async () => {
    const { context, page, problems } = await newPage()
    await signIn(page, env.server.url, 'sec')
    await createDraft(page, '令和10年度への更新', 2028)
    await openSettled(page, `${env.server.url}${R}/manage/categories`, page.getByRole('button', { name: /^編集: / }).first())
    await page.getByRole('button', { name: /^編集: / }).first().click()
    const name = page.locator('#e-name')
    const before = await name.inputValue()
    await name.fill(`${before}（直接の変更）`)
    await page.locator('form').filter({ has: page.locator('#e-name') }).getByRole('button', { name: '保存', exact: true }).click()
    await page.getByText('計画の変更は改訂案で行ってください').waitFor()
    assert.equal(await name.inputValue(), `${before}（直接の変更）`, 'what was typed stays')
    const link = page.getByTestId('draft-pending').getByRole('link', { name: '改訂案を開く' })
    assert.equal(await link.getAttribute('href'), `${R}/draft`)
    await shot(page, 'manage-draft-pending')
    await link.click()
    // What was typed is not saved: leaving asks first (the unsaved-changes guard).
    await confirm(page, '変更を破棄して移動する')
    await page.getByTestId('draft-diff').waitFor()
    // Discarded, the same edit goes live again.
    await page.getByRole('button', { name: '改訂案を破棄' }).click()
    await confirm(page, '改訂案を破棄')
    await page.getByTestId('create-draft').waitFor()
    await openSettled(page, `${env.server.url}${R}/manage/categories`, page.getByRole('button', { name: /^編集: / }).first())
    await page.getByRole('button', { name: /^編集: / }).first().click()
    await page.locator('#e-name').fill(before)
    await page.locator('form').filter({ has: page.locator('#e-name') }).getByRole('button', { name: '保存', exact: true }).click()
    await page.getByRole('status').getByText('保存しました').waitFor()
    assert.equal(await page.getByTestId('draft-pending').count(), 0)
    assert.deepEqual(problems, [])
    await context.close()
  })
})
