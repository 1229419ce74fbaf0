// Browser tests of the council pages (features/council, issue 12): the secretariat schedules a
// 懇談会, records attendance and a remark, turns the remark into an opinion about a category
// assigned to a town; the town's editor answers; the secretariat sets 次年度以降検討 and
// publishes it; the 意見対応表 shows it; a council member submits a written opinion; a
// signed-out visitor reads the published minutes without internal notes. Every council page
// has no serious or critical axe violations and no sideways scroll at 390 px; screenshots at
// 1366 px and 390 px go to artifacts/e2e/.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import AxeBuilder from '@axe-core/playwright'
import { REGION, openSettled, shot, signIn, useServerAndBrowser } from './harness.mjs'

const env = useServerAndBrowser({ council: true })
const R = `/r/${REGION}`

async function newPage(width = 1366, height = 900) {
  const context = await env.browser.newContext({ locale: 'ja-JP', viewport: { width, height } })
  const page = await context.newPage()
  const problems = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(m.text())
  })
  return { context, page, problems }
}

/** Answers the app's confirmation dialog with its action button. */
async function confirm(page, name) {
  const dialog = page.getByRole('dialog')
  await dialog.waitFor()
  await dialog.getByRole('button', { name, exact: true }).click()
  await dialog.waitFor({ state: 'hidden' })
}

async function axe(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
}

const api = async (page, path) => {
  const r = await page.request.get(env.server.url + path)
  assert.equal(r.status(), 200, path)
  return r.json()
}

const REMARK = 'E2E: 救急医療の夜間体制を圏域で広げてほしい'
const NOTE = 'E2E 内部メモ: 発言者に後日確認'
const ANSWER = 'E2E 回答: 令和8年度の救急医療協議で検討します'
const WRITTEN = 'E2E 書面意見: 障がい者福祉の相談窓口を圏域で共同化してほしい'
const state = { meeting: 0, opinion: 0 }

describe('the council, from a meeting to the 意見対応表', () => {
  test('the secretariat schedules a 懇談会, records attendance and a remark, and makes it an opinion for a town', async () => {
    const { context, page, problems } = await newPage()
    await signIn(page, env.server.url, 'sec')
    await openSettled(page, `${env.server.url}${R}/meetings?fy=2025`, page.getByTestId('meetings'))
    const form = page.getByTestId('schedule-form')
    await form.getByLabel('会議の種類').selectOption({ label: '懇談会' })
    await form.getByLabel('名称').fill('第4回懇談会（E2E）')
    await form.getByLabel('開催日').fill('2025-11-20')
    await form.getByLabel('開始時刻').fill('14:00')
    await form.getByLabel('終了時刻').fill('15:30')
    await form.getByLabel('場所').fill('岩見沢市役所 会議室')
    await form.getByLabel(/議題/).fill('救急医療体制の見直し\n意見集約の進め方')
    await form.getByRole('button', { name: '会議を予定する' }).click()
    await page.waitForURL(/\/meetings\/\d+/)
    state.meeting = Number(/\/meetings\/(\d+)/.exec(page.url())[1])
    await page.locator('main h1').getByText('第4回懇談会（E2E）').waitFor()
    assert.equal(await page.getByTestId('meeting-status').textContent(), '予定')
    assert.match(await page.locator('main ol').first().textContent(), /救急医療体制の見直し/)

    await page.getByRole('button', { name: '開催済にする' }).click()
    await confirm(page, '開催済にする')
    await page.getByTestId('meeting-status').getByText('開催済').waitFor()

    // Attendance: four of the register's members present, 3 observers.
    const att = page.getByTestId('attendance-form')
    for (const name of ['空知 一郎（サンプル）', '夕張 花子（サンプル）', '美唄 次郎（サンプル）', '三笠 葉子（サンプル）']) {
      await att.getByLabel(new RegExp(name.replace(/[()（）]/g, '.'))).check()
    }
    await att.getByLabel('傍聴者数').fill('3')
    await att.getByRole('button', { name: '出欠を保存' }).click()
    await page.getByText('出欠を保存しました').waitFor()
    const quorum = await page.getByTestId('quorum').textContent()
    assert.match(quorum, /4人出席/)
    assert.match(quorum, /成立/)
    const saved = await api(page, `/api/v1/regions/${REGION}/meetings/${state.meeting}`)
    assert.equal(saved.observers, 3)
    assert.equal(saved.quorum.present, 4)
    assert.equal(saved.quorum.met, true)

    // A remark by a register member, with an internal note.
    const rf = page.getByTestId('remark-form')
    await rf.getByLabel('発言者').selectOption({ label: '夕張 花子（サンプル）（副会長）' })
    await rf.getByLabel('内容').fill(REMARK)
    await rf.getByLabel('内部メモ（非公開）').fill(NOTE)
    await rf.getByRole('button', { name: '発言を追加' }).click()
    await page.getByText('発言を追加しました').waitFor()
    const remark = page.getByTestId('remarks').locator('li').filter({ hasText: REMARK })
    assert.match(await remark.textContent(), /夕張 花子/)

    // The remark becomes an opinion about 救急医療体制, assigned to 南幌町 (picked by name).
    await remark.getByRole('button', { name: '意見にする' }).click()
    const of = remark.getByTestId('to-opinion')
    await of.getByLabel('意見集約').selectOption({ label: '第2回' })
    await of.getByLabel('意見の種類').selectOption({ label: '取組への提案' })
    await of.getByLabel('対象のカテゴリ').selectOption({ label: '救急医療体制' })
    await of.getByLabel('担当').selectOption({ label: '南幌町' })
    assert.deepEqual(await axe(page), [])
    await shot(page, 'council-meeting-secretariat')
    await of.getByRole('button', { name: '登録する' }).click()
    await page.getByTestId('created-opinion').click()
    await page.waitForURL(/\/opinions\/\d+/)
    state.opinion = Number(/\/opinions\/(\d+)/.exec(page.url())[1])
    assert.equal(await page.getByTestId('opinion-assigned').textContent(), '南幌町')
    assert.equal(await page.getByTestId('opinion-status').textContent(), '未対応')
    assert.equal(await page.getByTestId('opinion-body').textContent(), REMARK)
    const o = await api(page, `/api/v1/regions/${REGION}/opinions/${state.opinion}`)
    assert.equal(o.round, 2)
    assert.equal(o.source.code, 'meeting')
    assert.deepEqual(o.targets.map((t) => [t.kind, t.name]), [['category', '救急医療体制']])
    assert.equal(o.assigned_to.code, '01423')
    assert.deepEqual(problems, [])
    await context.close()
  })

  test("the town's editor answers; the secretariat sets 次年度以降検討 and publishes it; the 意見対応表 shows it", async () => {
    const town = await newPage()
    await signIn(town.page, env.server.url, 'town')
    await openSettled(town.page, `${env.server.url}${R}/opinions/${state.opinion}`, town.page.getByTestId('answer-form'))
    // The town is offered only what the server allows: 検討中 from 未対応.
    assert.deepEqual(await town.page.getByTestId('transitions').getByRole('button').allTextContents(), ['検討中'])
    await town.page.getByTestId('transitions').getByRole('button', { name: '検討中' }).click()
    await confirm(town.page, '検討中')
    await town.page.getByTestId('opinion-status').getByText('検討中').waitFor()
    await town.page.getByLabel('対応方針').fill('E2E 対応方針: 圏域の救急医療協議で検討')
    await town.page.getByLabel('回答', { exact: true }).fill(ANSWER)
    await town.page.getByRole('button', { name: '回答を保存' }).click()
    await town.page.getByText('回答を保存しました').waitFor()
    assert.deepEqual(await town.page.getByTestId('transitions').getByRole('button').allTextContents(), ['回答済'])
    assert.deepEqual(await axe(town.page), [])
    await shot(town.page, 'council-opinion-town')
    await town.page.getByTestId('transitions').getByRole('button', { name: '回答済' }).click()
    await confirm(town.page, '回答済')
    await town.page.getByTestId('opinion-status').getByText('回答済').waitFor()
    // The outcome is the secretariat's: the town may only take it back to 検討中.
    assert.deepEqual(await town.page.getByTestId('transitions').getByRole('button').allTextContents(), ['検討中'])
    assert.deepEqual(town.problems, [])
    await town.context.close()

    const sec = await newPage()
    await signIn(sec.page, env.server.url, 'sec')
    await openSettled(sec.page, `${env.server.url}${R}/opinions/${state.opinion}`, sec.page.getByTestId('transitions'))
    // 反映しない asks for the reason before anything is sent.
    await sec.page.getByTestId('transitions').getByRole('button', { name: '反映しない' }).click()
    await sec.page.getByText('反映しない理由を入力してから押してください。').waitFor()
    assert.equal(await sec.page.getByRole('dialog').isVisible(), false)
    // Cancelling the dialog changes nothing.
    await sec.page.getByTestId('transitions').getByRole('button', { name: '次年度以降検討' }).click()
    await sec.page.getByRole('dialog').getByRole('button', { name: 'キャンセル' }).click()
    assert.equal(await sec.page.getByTestId('opinion-status').textContent(), '回答済')
    await sec.page.getByTestId('transitions').getByRole('button', { name: '次年度以降検討' }).click()
    await confirm(sec.page, '次年度以降検討')
    await sec.page.getByTestId('opinion-status').getByText('次年度以降検討').waitFor()
    await sec.page.getByTestId('publish').click()
    await sec.page.getByTestId('publish').getByText('公開をやめる').waitFor()

    await openSettled(sec.page, `${env.server.url}${R}/opinions/table?fy=2025&round=2`, sec.page.getByTestId('opinion-table'))
    const row = sec.page.getByTestId('opinion-table').locator(`tr[data-opinion="${state.opinion}"]`)
    assert.match(await row.textContent(), /次年度以降検討/)
    assert.match(await row.textContent(), new RegExp(ANSWER))
    assert.match(await row.textContent(), /南幌町/)
    assert.match(await row.textContent(), /救急医療体制/)
    const csv = await sec.page.getByTestId('csv').getAttribute('href')
    assert.equal(csv, `/api/v1/regions/${REGION}/opinions/table?fy=2025&round=2&format=csv`)
    const got = await sec.page.request.get(env.server.url + csv)
    assert.equal(got.status(), 200)
    assert.match(await got.text(), new RegExp(ANSWER))
    assert.deepEqual(await axe(sec.page), [])
    await shot(sec.page, 'council-table')
    // Printed: A4 landscape (297 mm × 210 mm = 842 × 595 pt).
    const pdf = await sec.page.pdf({ preferCSSPageSize: true })
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'))
    assert.ok(box, 'the PDF has a page box')
    assert.ok(Number(box[1]) > Number(box[2]), `landscape: ${box[1]} × ${box[2]}`)
    assert.ok(Math.abs(Number(box[1]) - 842) < 3, `A4 width: ${box[1]}`)

    // The minutes are approved and published, for the public.
    await openSettled(sec.page, `${env.server.url}${R}/meetings/${state.meeting}`, sec.page.getByTestId('remarks'))
    await sec.page.getByRole('button', { name: '議事録を承認する' }).click()
    await confirm(sec.page, '議事録を承認する')
    await sec.page.getByTestId('minutes-status').getByText('承認済').waitFor()
    await sec.page.getByRole('button', { name: '議事録を公開する' }).click()
    await confirm(sec.page, '議事録を公開する')
    await sec.page.getByTestId('minutes-status').getByText('公開').waitFor()
    assert.deepEqual(sec.problems, [])
    await sec.context.close()
  })

  test('a council member submits a written opinion from the web', async () => {
    const { context, page, problems } = await newPage()
    await signIn(page, env.server.url, 'council')
    await openSettled(page, `${env.server.url}${R}/opinions?fy=2025`, page.getByTestId('written-form'))
    const form = page.getByTestId('written-form')
    await form.getByLabel('意見集約').selectOption({ label: '第3回' })
    await form.getByLabel('意見の種類').selectOption({ label: '評価への意見' })
    await form.getByLabel('対象のカテゴリ').selectOption({ label: '障がい者福祉' })
    await form.getByLabel('内容').fill(WRITTEN)
    assert.deepEqual(await axe(page), [])
    await shot(page, 'council-opinions-member')
    await form.getByRole('button', { name: '提出する' }).click()
    await confirm(page, '提出する')
    await page.getByText('意見を提出しました').waitFor()
    const row = page.getByTestId('opinions').locator('tr').filter({ hasText: WRITTEN.slice(0, 30) })
    assert.match(await row.textContent(), /書面意見/)
    assert.match(await row.textContent(), /未対応/)
    const list = await api(page, `/api/v1/regions/${REGION}/opinions?fy=2025&round=3`)
    const mine = list.opinions.find((o) => o.body === WRITTEN)
    assert.equal(mine.source.code, 'written')
    assert.equal(mine.kind.code, 'evaluation')
    assert.deepEqual(mine.targets.map((t) => t.name), ['障がい者福祉'])
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('a signed-out visitor reads the meetings, the published minutes and the published 意見対応表, never internal notes or submitters', async () => {
    const { context, page, problems } = await newPage()
    await openSettled(page, `${env.server.url}${R}/meetings?fy=2025`, page.getByTestId('meetings'))
    assert.match(await page.getByTestId('meetings').textContent(), /第4回懇談会（E2E）/)
    assert.equal(await page.getByTestId('schedule-form').count(), 0)
    await openSettled(page, `${env.server.url}${R}/meetings/${state.meeting}`, page.getByTestId('remarks'))
    const text = await page.locator('main').textContent()
    assert.match(text, new RegExp(REMARK))
    assert.ok(!text.includes(NOTE), 'no internal note')
    assert.ok(!text.includes('内部メモ'), 'no internal-note label')
    assert.equal(await page.getByTestId('quorum').count(), 0, 'no attendance for the public')
    assert.equal(await page.getByRole('button', { name: '意見にする' }).count(), 0)
    assert.deepEqual(await axe(page), [])
    await shot(page, 'council-meeting-public')
    await openSettled(page, `${env.server.url}${R}/opinions/table?fy=2025`, page.getByTestId('opinion-table'))
    const table = await page.getByTestId('opinion-table').textContent()
    assert.match(table, new RegExp(ANSWER))
    assert.ok(!table.includes(WRITTEN), 'an unpublished opinion is not shown')
    assert.equal(await page.getByTestId('opinion-table').getByRole('columnheader', { name: '提出者' }).count(), 0)
    assert.deepEqual(await axe(page), [])
    await shot(page, 'council-table-public')
    // An opinion's own page for the public: published, no answer form, no buttons.
    await openSettled(page, `${env.server.url}${R}/opinions/${state.opinion}`, page.getByTestId('opinion-facts'))
    assert.equal(await page.getByTestId('answer-form').count(), 0)
    assert.equal(await page.getByTestId('transitions').count(), 0)
    assert.ok(!(await page.locator('main').textContent()).includes('提出者'))
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('council pages: no serious or critical axe violations at 1366 px, no sideways scroll at 390 px', async () => {
    const pages = [
      ['meetings', 'sec', `${R}/meetings?fy=2025`],
      ['meeting', 'sec', `${R}/meetings/${state.meeting}`],
      ['opinions', 'sec', `${R}/opinions?fy=2025`],
      ['opinion', 'sec', `${R}/opinions/${state.opinion}`],
      ['table', 'sec', `${R}/opinions/table?fy=2025`],
      ['meetings-public', null, `${R}/meetings?fy=2025`],
      ['table-public', null, `${R}/opinions/table?fy=2025`],
    ]
    for (const width of [1366, 390]) {
      const who = { sec: await newPage(width, 844), null: await newPage(width, 844) }
      await signIn(who.sec.page, env.server.url, 'sec')
      const wide = []
      for (const [name, user, path] of pages) {
        const { page } = who[user]
        await openSettled(page, env.server.url + path, page.locator('main h1'))
        await page.waitForLoadState('networkidle')
        assert.deepEqual(await axe(page), [], `${name} at ${width}px`)
        const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }))
        if (scroll > inner) wide.push(`${name}: ${scroll} > ${inner}`)
        await shot(page, `council-${name}-${width}`)
      }
      assert.deepEqual(wide, [], `no sideways scroll at ${width}px`)
      for (const w of Object.values(who)) {
        assert.deepEqual(w.problems, [])
        await w.context.close()
      }
    }
  })
})
