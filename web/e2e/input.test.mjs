// Nothing typed is lost (issue 11): numbers typed the way Japanese staff type them are
// saved as numbers; what cannot be read stays in its cell with a message and is not sent;
// a failed save keeps every value; leaving with unsaved changes and submitting ask first.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { REGION, shot, signIn, useServerAndBrowser } from './harness.mjs'

const env = useServerAndBrowser()

const apiGet = (page, path) => page.evaluate(async (p) => (await fetch(p)).json(), path)
/** The town's records in the open round, by action id, as the server has them. */
async function savedRecords(page, code) {
  const rounds = (await apiGet(page, `/api/v1/regions/${REGION}/rounds`)).rounds.filter((r) => r.state === 'open')
  const tasks = await apiGet(page, `/api/v1/regions/${REGION}/rounds/${rounds[0].id}/tasks/${code}`)
  return { actions: tasks.actions, kpis: tasks.kpis }
}

const cell = (page, key) => page.locator(`[data-cell="${key}"]`)
const save = (page) => page.getByRole('button', { name: '保存', exact: true }).click()
/** Saves and waits for the notice that it worked. */
async function saveOk(page) {
  await save(page)
  await page.getByRole('status').getByText('保存しました').waitFor()
}
/** Saves and waits for the message under the cell `key`; returns that message. */
async function saveRefused(page, key) {
  await save(page)
  const err = page.locator(`[data-error="${key}"]`)
  await err.waitFor()
  return err
}
/** Fills one row of the grid in order: the status is chosen, the other columns typed. */
async function fillRow(page, row, values) {
  for (const [column, value] of Object.entries(values)) {
    if (column === 'status') await cell(page, `${row}-${column}`).selectOption(value)
    else await cell(page, `${row}-${column}`).fill(value)
  }
}

async function townTasks() {
  const context = await env.browser.newContext({ locale: 'ja-JP', viewport: { width: 1366, height: 900 } })
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  await signIn(page, env.server.url, 'yubari')
  await page.goto(`${env.server.url}/r/${REGION}/tasks`)
  await page.getByTestId('progress-sheet').waitFor()
  return { context, page, errors }
}

describe('the task grid takes numbers as typed', () => {
  test('「１２」 and 「150,000」 are saved as 12 and 150000', async () => {
    const { context, page, errors } = await townTasks()
    await fillRow(page, 0, { status: 'done', sessions: '１２', participants: '３０人', cost: '150,000' })
    await saveOk(page)
    const { actions } = await savedRecords(page, '01209')
    const id = actions[0].id
    const rec = actions.find((a) => a.id === id).record
    assert.equal(rec.sessions, 12)
    assert.equal(rec.participants, 30)
    assert.equal(rec.cost_yen, 150000)
    assert.equal(await cell(page, '0-sessions').inputValue(), '12')
    assert.equal(await cell(page, '0-cost').inputValue(), '150000')

    // Full-width with full-width separators and the unit.
    await cell(page, '0-cost').fill('１５０，０００円')
    await saveOk(page)
    assert.equal((await savedRecords(page, '01209')).actions[0].record.cost_yen, 150000)
    assert.deepEqual(errors, [])
    await context.close()
  })

  test('「abc」 stays in its cell with a message naming the column, and nothing is saved for that row', async () => {
    const { context, page } = await townTasks()
    const before = (await savedRecords(page, '01209')).actions[1]
    await fillRow(page, 1, { status: 'in_progress', result: '準備を進めた', participants: 'abc' })
    const err = await saveRefused(page, '1-participants')
    assert.match(await err.textContent(), /参加者数/)
    assert.match(await err.textContent(), /abc/)
    assert.equal(await cell(page, '1-participants').inputValue(), 'abc')
    assert.equal(await cell(page, '1-result').inputValue(), '準備を進めた')
    assert.equal(await cell(page, '1-participants').getAttribute('aria-invalid'), 'true')
    await shot(page, 'tasks-unreadable')
    const after = (await savedRecords(page, '01209')).actions[1]
    assert.deepEqual(after.record, before.record, 'nothing was sent for the row')
    await context.close()
  })

  test('a refused save (422) and a failed one (network) keep every typed value', async () => {
    const { context, page } = await townTasks()
    await page.route('**/api/v1/regions/*/actions/*/progress/*', (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({
            status: 422,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              type: '/problems/validation', title: '入力内容に誤りがあります', status: 422, detail: '入力内容を確認してください',
              errors: [{ pointer: '/cost_yen', detail: '事業費が大きすぎます（テスト）' }],
            }),
          })
        : route.continue(),
    )
    await fillRow(page, 2, { status: 'planned', result: '会議を3回予定', sessions: '３', cost: '9,999,999' })
    const err = await saveRefused(page, '2-cost')
    assert.match(await err.textContent(), /大きすぎます/)
    assert.equal(await cell(page, '2-result').inputValue(), '会議を3回予定')
    assert.equal(await cell(page, '2-sessions').inputValue(), '3')
    assert.equal(await cell(page, '2-cost').inputValue(), '9999999')
    assert.equal(await cell(page, '2-status').inputValue(), 'planned')

    await page.unroute('**/api/v1/regions/*/actions/*/progress/*')
    await page.route('**/api/v1/regions/*/actions/*/progress/*', (route) =>
      route.request().method() === 'PUT' ? route.abort('connectionrefused') : route.continue())
    await save(page)
    await page.locator('[data-error="2-status"]').getByText(/接続できませんでした/).waitFor()
    assert.equal(await cell(page, '2-result').inputValue(), '会議を3回予定')
    assert.equal(await cell(page, '2-cost').inputValue(), '9999999')
    await shot(page, 'tasks-failed-save')

    // Leaving now asks first; staying keeps the values.
    await page.locator('.main-nav').getByRole('link', { name: 'ダッシュボード' }).click()
    const dialog = page.getByRole('dialog', { name: '保存していない変更があります' })
    await dialog.waitFor()
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'このページに留まる')
    await dialog.getByRole('button', { name: 'このページに留まる' }).click()
    assert.match(page.url(), /\/tasks/)
    assert.equal(await cell(page, '2-result').inputValue(), '会議を3回予定')
    await page.locator('.main-nav').getByRole('link', { name: 'ダッシュボード' }).click()
    await dialog.getByRole('button', { name: '変更を破棄して移動する' }).click()
    await page.waitForURL((u) => !u.pathname.endsWith('/tasks'))
    await context.close()
  })

  test('提出する says what will happen and does nothing when cancelled; the KPI value takes 「３１」 and 「1,234」', async () => {
    const { context, page } = await townTasks()
    const kpi = page.locator('[data-kpi="0"]')
    if (await kpi.count()) {
      await kpi.fill('1,234')
      await saveOk(page)
      assert.equal((await savedRecords(page, '01209')).kpis[0].value, '1234')
      await kpi.fill('３１')
      await saveOk(page)
      assert.equal((await savedRecords(page, '01209')).kpis[0].value, '31')
      await kpi.fill('たくさん')
      await save(page)
      await page.locator('[data-kpi-error="0"]').getByText(/実績値/).waitFor()
      assert.equal(await kpi.inputValue(), 'たくさん')
      assert.equal((await savedRecords(page, '01209')).kpis[0].value, '31')
      await kpi.fill('31')
    }
    await page.getByRole('button', { name: '提出する' }).click()
    const dialog = page.getByRole('dialog', { name: '提出しますか' })
    await dialog.waitFor()
    assert.match(await dialog.textContent(), /夕張市の報告を事務局に提出/)
    await shot(page, 'tasks-confirm-submit')
    await dialog.getByRole('button', { name: 'キャンセル' }).click()
    assert.equal(await dialog.isVisible(), false)
    assert.notEqual(await page.getByTestId('submission-state').textContent(), '提出済')
    await context.close()
  })

  test('the KPI target field takes 全角 digits, separators and the unit', async () => {
    const context = await env.browser.newContext({ locale: 'ja-JP', viewport: { width: 1366, height: 900 } })
    const page = await context.newPage()
    await signIn(page, env.server.url, 'sec')
    await page.goto(`${env.server.url}/r/${REGION}/kpis/3`)
    const field = page.locator('#k-tv')
    await field.waitFor()
    const kpi = await apiGet(page, `/api/v1/regions/${REGION}/kpis/3/series`)
    const next = Math.floor(Number(kpi.target.value)) + 1000
    const typed = next.toLocaleString('ja-JP').replace(/[0-9,]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)) + kpi.unit
    await field.fill(typed)
    await page.locator('#k-reason').fill('全角で入力した目標値')
    await save(page)
    await page.getByText('保存しました').waitFor()
    assert.equal((await apiGet(page, `/api/v1/regions/${REGION}/kpis/3/series`)).target.value, String(next), typed)
    await field.fill('たくさん')
    await page.locator('#k-reason').fill('読めない値')
    await save(page)
    await page.locator('#k-tv ~ .field-error').getByText(/目標値/).waitFor()
    assert.equal(await field.inputValue(), 'たくさん')
    assert.equal((await apiGet(page, `/api/v1/regions/${REGION}/kpis/3/series`)).target.value, String(next))
    await context.close()
  })
})
