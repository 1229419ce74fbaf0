// Browser tests of the draft revision's editors (features/editions, issue 13): the secretariat
// changes a category year's direction, adds an action with the towns taking part (picked,
// never typed), links an opinion the revision answers and sets the date of decision; the
// structure editor adds a field and a category and renames the field; the change log names
// them with their reasons; the 新旧対照表 shows the direction and the action; a signed-out visitor sees neither before
// publication. The draft page has no serious or critical axe violations and no sideways
// scroll at 390 px; screenshots at 1366 and 390 px go to artifacts/e2e/.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import AxeBuilder from '@axe-core/playwright'
import path from 'node:path'
import { REGION, artifacts, newPageOf, openSettled, shot, signIn, useServerAndBrowser } from './harness.mjs'

const env = useServerAndBrowser({ council: true })
const R = `/r/${REGION}`
const DIRECTION = '広域避難の訓練を圏域全体で強化する（改訂案）'
const ACTION = '避難所運営の合同訓練（改訂案）'

const newPage = (width, height) => newPageOf(env.browser, width, height)

async function axe(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)
}

const visitorText = async (path) => {
  const r = await fetch(env.server.url + path)
  assert.equal(r.status, 200, path)
  return r.text()
}

/** Runs `act` (a save) and waits for its PATCH of the draft to succeed and the page's notice. */
async function saving(page, act) {
  const response = page.waitForResponse((r) => r.url().includes('/editions/draft') && r.request().method() === 'PATCH')
  await act()
  const r = await response
  assert.equal(r.status(), 200, await r.text())
  await page.getByTestId('notice').waitFor()
}

describe('the draft revision edited in the web', () => {
  test('the secretariat changes a direction and adds an action; the table shows them, the public does not', async () => {
    const { context, page, problems } = await newPage()
    await signIn(page, env.server.url, 'sec')
    await openSettled(page, `${env.server.url}${R}/draft`, page.getByTestId('create-draft'))
    await page.getByLabel('表題').fill('令和8年度の見直し')
    await page.getByLabel('適用年度').selectOption('2026')
    await page.getByRole('button', { name: '改訂案をつくる' }).click()
    await page.getByTestId('draft-diff').waitFor()

    // The date of decision, a date input.
    await page.getByTestId('decided-on').fill('2026-03-20')
    await saving(page, () => page.getByRole('button', { name: '保存', exact: true }).first().click())
    assert.equal(await page.getByTestId('decided-on').inputValue(), '2026-03-20')

    // A category year's direction (the year picked in 和暦).
    const year = page.getByTestId('year-editor')
    await year.getByLabel('カテゴリ').selectOption('防災 › 防災')
    await year.getByLabel('年度', { exact: true }).selectOption('2026')
    assert.match(await year.getByTestId('year-stage').innerText(), /実施/)
    await year.getByLabel('連携方向').fill(DIRECTION)
    await year.getByLabel('理由').first().fill('部会の提案による')
    await saving(page, () => year.getByRole('button', { name: '連携方向を保存' }).click())

    // An action with two towns, picked from the region's list.
    await year.getByTestId('add-action').click()
    const form = page.getByTestId('action-form')
    await form.getByLabel('取組の内容').fill(ACTION)
    await form.getByLabel('岩見沢市').check()
    await form.getByLabel('南幌町').check()
    await form.getByLabel('理由').fill('取組の具体化')
    await saving(page, () => form.getByTestId('save-action').click())
    const row = year.locator(`[data-action="${ACTION}"]`)
    await row.waitFor()
    assert.match(await row.innerText(), /岩見沢市・南幌町/)
    assert.equal(await year.getByLabel('連携方向').inputValue(), DIRECTION)

    // Its towns changed: 全市町.
    await row.getByRole('button', { name: `「${ACTION}」を編集` }).click()
    await page.getByTestId('all-towns').check()
    await saving(page, () => page.getByTestId('save-action').click())
    assert.match(await year.locator(`[data-action="${ACTION}"]`).innerText(), /全市町/)

    // An opinion the revision answers, picked from the year's opinions.
    const opinions = page.getByTestId('draft-opinions')
    const first = opinions.locator('[data-opinion]').first()
    await first.waitFor()
    await first.locator('input[type=checkbox]').check()
    await saving(page, () => opinions.getByTestId('save-opinions').click())
    assert.match(await opinions.innerText(), /現在 1 件/)

    // A field and a category added, the field renamed.
    const structure = page.getByTestId('structure-editor')
    await structure.getByLabel('政策分野').selectOption({ label: '結び付きやネットワークの強化' })
    await structure.getByLabel('分野名').fill('観光')
    await saving(page, () => structure.getByRole('button', { name: '分野を追加' }).click())
    const addCategory = structure.getByTestId('add-category')
    await addCategory.getByLabel('分野', { exact: true }).selectOption('観光')
    await addCategory.getByLabel('カテゴリ名').fill('広域観光')
    await addCategory.getByLabel('開始年度').selectOption('2027')
    await saving(page, () => addCategory.getByRole('button', { name: 'カテゴリを追加' }).click())
    const rename = structure.getByTestId('rename-item')
    await rename.getByLabel('変更する分野・カテゴリ').selectOption('field:観光')
    await rename.getByLabel('新しい名称').fill('観光・交流')
    await saving(page, () => rename.getByRole('button', { name: '名称を変更' }).click())

    // The change log names each change with its reason.
    const log = await page.getByTestId('change-log').innerText()
    assert.match(log, /具体的取組（追加）/)
    assert.match(log, /理由: 取組の具体化/)
    assert.match(log, /連携方向 防災 › 防災 › 2026/)

    assert.deepEqual(await axe(page), [])
    await shot(page, 'draft-edit-1366')
    await year.screenshot({ path: path.join(artifacts, 'draft-edit-year-1366.png') })

    // The 新旧対照表 shows the direction and the action.
    await page.getByTestId('draft-diff').click()
    const diff = page.getByTestId('diff-table')
    await diff.waitFor()
    assert.match(await diff.locator('tr[data-kind="year"]').filter({ hasText: DIRECTION }).first().innerText(), /防災/)
    assert.equal(await diff.locator('tr[data-kind="action"]').filter({ hasText: ACTION }).count(), 1)
    assert.equal(await diff.locator('tr[data-kind="field"]').filter({ hasText: '観光・交流' }).count(), 1)
    assert.equal(await diff.locator('tr[data-kind="category"]').filter({ hasText: '広域観光 候補(2027)' }).count(), 1)
    assert.deepEqual(await axe(page), [])
    await shot(page, 'draft-edit-diff-1366')
    assert.deepEqual(problems, [])
    await context.close()

    // A signed-out visitor sees neither, in the API or on the vision page.
    const vision = await visitorText(`/api/v1/regions/${REGION}/vision?fy=2026`)
    assert.ok(!vision.includes(ACTION) && !vision.includes(DIRECTION))
    const search = JSON.parse(await visitorText(`/api/v1/regions/${REGION}/search?q=${encodeURIComponent(ACTION)}`))
    assert.ok(!JSON.stringify(search.hits).includes(ACTION), 'the search finds nothing of the draft')
    const visitor = await newPage(390, 844)
    await openSettled(visitor.page, `${env.server.url}${R}/vision?fy=2026`, visitor.page.getByRole('heading', { level: 1 }))
    await visitor.page.waitForLoadState('networkidle')
    const body = await visitor.page.locator('body').innerText()
    assert.ok(!body.includes(ACTION) && !body.includes(DIRECTION))
    assert.equal((await fetch(`${env.server.url}/api/v1/regions/${REGION}/editions/draft`)).status, 401)
    await visitor.context.close()
  })

  test('the draft page at 390 px: no sideways scroll, the action form usable', async () => {
    const { context, page, problems } = await newPage(390, 844)
    await signIn(page, env.server.url, 'sec')
    await openSettled(page, `${env.server.url}${R}/draft`, page.getByTestId('year-editor'))
    const year = page.getByTestId('year-editor')
    await year.getByLabel('カテゴリ').selectOption('防災 › 防災')
    await year.getByLabel('年度', { exact: true }).selectOption('2026')
    await year.locator(`[data-action="${ACTION}"]`).waitFor()
    await year.getByTestId('add-action').click()
    await page.getByTestId('action-form').waitFor()
    const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }))
    assert.ok(scroll <= inner, `no sideways scroll (${scroll} > ${inner})`)
    assert.deepEqual(await axe(page), [])
    await shot(page, 'draft-edit-390')
    await year.screenshot({ path: path.join(artifacts, 'draft-edit-year-390.png') })
    await page.getByTestId('structure-editor').screenshot({ path: path.join(artifacts, 'draft-edit-structure-390.png') })
    await page.getByTestId('draft-opinions').screenshot({ path: path.join(artifacts, 'draft-edit-opinions-390.png') })
    await page.getByTestId('change-log').screenshot({ path: path.join(artifacts, 'draft-edit-log-390.png') })
    assert.deepEqual(problems, [])
    await context.close()
  })
})
