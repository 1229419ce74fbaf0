// The town's workbook on the task page (issue 14): 「Excelでダウンロード」 gives the town's
// workbook; 「Excelから取り込む」 reads a file as a dry run first — the rows that would change,
// or the errors by sheet and cell — and imports it only when confirmed, after which the grid
// shows what was stored. The secretariat does the same for a town it chooses. At 1366 and
// 390 px.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import AxeBuilder from '@axe-core/playwright'
import { REGION, shot, signIn, useServerAndBrowser } from './harness.mjs'

const env = useServerAndBrowser()

const apiGet = (page, path) => page.evaluate(async (p) => (await fetch(p)).json(), path)
async function openRound(page) {
  return (await apiGet(page, `/api/v1/regions/${REGION}/rounds`)).rounds.filter((r) => r.state === 'open')[0]
}
const csvField = (s) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s)
const HEAD = '取組番号,分野,カテゴリ,具体的取組,状況,実績・結果,回数,参加者数,事業費（円）\r\n'
/** A CSV of the 様式 sheet with one filled row for `action`. */
function csvFor(action, values) {
  const keys = [action.id, action.field, action.category, action.text].map((v) => csvField(String(v)))
  return Buffer.from(`${HEAD}${[...keys, ...values.map(csvField)].join(',')}\r\n`, 'utf8')
}

async function tasksPage(login, width, town) {
  const context = await env.browser.newContext({ locale: 'ja-JP', viewport: { width, height: 900 }, acceptDownloads: true })
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  await signIn(page, env.server.url, login)
  await page.goto(`${env.server.url}/r/${REGION}/tasks${town ? `?town=${town}` : ''}`)
  await page.getByTestId('progress-sheet').waitFor()
  return { context, page, errors }
}

describe('town workbook on the task page', () => {
  test('a town downloads its workbook; an unchanged one imports nothing; a CSV is previewed, then imported', async () => {
    const { context, page, errors } = await tasksPage('town', 1366)
    const round = await openRound(page)
    const tasks = await apiGet(page, `/api/v1/regions/${REGION}/rounds/${round.id}/tasks/01423`)

    // The download is the town's workbook (an xlsx, a zip package).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('workbook-download').click()])
    assert.match(download.suggestedFilename(), new RegExp(`^round-${round.id}-01423\\.xlsx$`))
    const bytes = await (async () => {
      const chunks = []
      for await (const c of await download.createReadStream()) chunks.push(c)
      return Buffer.concat(chunks)
    })()
    assert.equal(bytes.subarray(0, 2).toString(), 'PK')

    // The same workbook back: nothing changes, and there is nothing to confirm.
    await page.getByTestId('workbook-file').setInputFiles({ name: 'round.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes })
    await page.getByTestId('workbook-preview').getByText('取り込む変更はありません').waitFor()
    assert.equal(await page.getByTestId('workbook-apply').count(), 0)

    // A CSV with a bad number: the error names the sheet and cell; nothing is written.
    const action = tasks.actions[0]
    await page.getByTestId('workbook-file').setInputFiles({ name: '南幌町.csv', mimeType: 'text/csv', buffer: csvFor(action, ['実施済', 'E2E 取込', '二回', '', '']) })
    const error = page.getByTestId('workbook-error').first()
    await error.waitFor()
    assert.match(await error.textContent(), /CSV\s*G2\s*0以上の整数/)
    await shot(page, 'tasks-workbook-errors-1366')

    // A good CSV: the preview lists the one row, before → after; confirmed, the grid has it.
    await page.getByTestId('workbook-file').setInputFiles({ name: '南幌町.csv', mimeType: 'text/csv', buffer: csvFor(action, ['実施済', 'E2E 取込', '3', '1,200人', '５０００']) })
    const preview = page.getByTestId('workbook-preview')
    await preview.getByTestId('workbook-change').first().waitFor()
    assert.equal(await preview.getByTestId('workbook-change').count(), 1)
    assert.match(await preview.textContent(), /E2E 取込/)
    assert.match(await preview.textContent(), /実施済/)
    await shot(page, 'tasks-workbook-preview-1366')
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [])
    await page.getByTestId('workbook-apply').click()
    await page.getByRole('status').getByText('1行を取り込みました').waitFor()
    assert.equal(await page.locator('[data-cell="0-result"]').inputValue(), 'E2E 取込')
    assert.equal(await page.locator('[data-cell="0-cost"]').inputValue(), '5000')
    const after = await apiGet(page, `/api/v1/regions/${REGION}/rounds/${round.id}/tasks/01423`)
    assert.equal(after.actions[0].record.participants, 1200)
    assert.deepEqual(errors, [])
    await context.close()
  })

  test('the secretariat imports for a town it chooses (390 px) and downloads every workbook as a zip', async () => {
    const { context, page, errors } = await tasksPage('sec', 390, '01209')
    const round = await openRound(page)
    const tasks = await apiGet(page, `/api/v1/regions/${REGION}/rounds/${round.id}/tasks/01209`)
    const action = tasks.actions[1]
    await page.getByTestId('workbook-file').setInputFiles({ name: 'yubari.csv', mimeType: 'text/csv', buffer: csvFor(action, ['延期', '事務局が代理入力', '', '', '']) })
    await page.getByTestId('workbook-change').first().waitFor()
    await shot(page, 'tasks-workbook-preview-390')
    await page.getByTestId('workbook-apply').click()
    await page.getByRole('status').getByText('1行を取り込みました').waitFor()
    const after = await apiGet(page, `/api/v1/regions/${REGION}/rounds/${round.id}/tasks/01209`)
    assert.equal(after.actions[1].record.status.code, 'postponed')
    assert.equal(after.actions[1].record.result, '事務局が代理入力')

    await page.goto(`${env.server.url}/r/${REGION}/rounds`)
    const link = page.getByTestId(`round-workbooks-${round.id}`)
    await link.waitFor()
    const [zip] = await Promise.all([page.waitForEvent('download'), link.click()])
    assert.equal(zip.suggestedFilename(), `round-${round.id}-workbooks.zip`)
    await shot(page, 'rounds-workbooks-390')
    assert.deepEqual(errors, [])
    await context.close()
  })
})
