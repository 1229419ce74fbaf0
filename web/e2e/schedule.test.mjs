// Browser tests of the year's schedule and the notices (issue 12 item 6, issue 11 "Rounds";
// ADR 0014): the secretariat previews the cycle template for FY2026 and lays the year out,
// adds a milestone owned by 南幌町; the town's editor marks it done on the timeline; the
// secretariat reminds the towns that have not submitted the sample round, and the town's
// editor sees the reminder unread on their home page (the task list) and marks it read; the
// dashboard shows the sample year's overdue milestone to members only; a signed-out visitor
// sees the dates of public events only, without notes. The timeline has no serious or
// critical axe violation and no sideways scroll at 390 px.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import AxeBuilder from '@axe-core/playwright'
import { REGION, newPageOf, openSettled, shot, signIn, useServerAndBrowser } from './harness.mjs'

const env = useServerAndBrowser({ council: true })
const R = `/r/${REGION}`
const OWNED = 'E2E: 南幌町の照会回答'

const newPage = (width, height) => newPageOf(env.browser, width, height)

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

describe("the year's schedule and the notices", () => {
  test('the secretariat lays FY2026 out from the template after a preview and adds a town milestone', async () => {
    const { context, page, problems } = await newPage()
    await signIn(page, env.server.url, 'sec')
    await openSettled(page, `${env.server.url}${R}/schedule?fy=2026`, page.getByTestId('month-grid'))
    assert.equal(await page.locator('[data-milestone]').count(), 0)
    await page.getByTestId('template-preview').click()
    await page.getByTestId('template-list').waitFor()
    assert.equal(await page.getByTestId('template-list').locator('li').count(), 14)
    assert.equal(await page.locator('[data-milestone]').count(), 0, 'a preview writes nothing')
    await page.getByTestId('template-write').click()
    await page.locator('[data-milestone]').nth(13).waitFor()
    assert.equal(await page.locator('[data-milestone]').count(), 14)
    const form = page.getByTestId('milestone-form')
    await form.getByLabel('種類', { exact: true }).selectOption({ label: '照会の締切' })
    await form.getByLabel('名称', { exact: true }).fill(OWNED)
    await form.getByLabel('予定日').fill('2026-08-05')
    await form.getByLabel('担当', { exact: true }).selectOption({ label: '南幌町' })
    await form.getByLabel('内部メモ（非公開）').fill('E2E 内部メモ')
    await form.getByRole('button', { name: '予定を追加' }).click()
    const row = page.locator('[data-milestone]', { hasText: OWNED })
    await row.waitFor()
    assert.match(await row.textContent(), /期限超過/)
    assert.match(await row.textContent(), /担当: 南幌町/)
    assert.deepEqual(problems, [])
    await context.close()
  })

  test("the town's editor marks its milestone done; nothing else is theirs to mark", async () => {
    const { context, page, problems } = await newPage()
    await signIn(page, env.server.url, 'town')
    await openSettled(page, `${env.server.url}${R}/schedule?fy=2026`, page.getByTestId('month-grid'))
    const row = page.locator('[data-milestone]', { hasText: OWNED })
    await row.waitFor()
    assert.equal(await page.getByRole('button', { name: '完了にする' }).count(), 1)
    await row.getByRole('button', { name: '完了にする' }).click()
    await row.getByText(/完了$/).waitFor()
    assert.doesNotMatch(await row.textContent(), /期限超過/)
    assert.equal(await page.getByTestId('template-preview').count(), 0)
    assert.deepEqual(problems, [])
    await context.close()
  })

  test("the secretariat reminds the towns that have not submitted; the town's editor reads it on their home page", async () => {
    const sec = await newPage()
    await signIn(sec.page, env.server.url, 'sec')
    await openSettled(sec.page, `${env.server.url}${R}/rounds`, sec.page.locator('main h1'))
    await sec.page.locator('[data-testid^="remind-"]').first().click()
    await confirm(sec.page, '催促する')
    await sec.page.getByRole('status').getByText(/市町に催促しました/).waitFor()
    // The dashboard lists the sample year's overdue milestone (the publication) for members.
    await openSettled(sec.page, `${env.server.url}${R}?fy=2025`, sec.page.getByTestId('counts'))
    await sec.page.getByTestId('overdue-milestones').waitFor()
    assert.match(await sec.page.getByTestId('overdue-milestones').textContent(), /改訂版の公表/)
    assert.deepEqual(sec.problems, [])
    await sec.context.close()

    const town = await newPage()
    await signIn(town.page, env.server.url, 'town')
    await openSettled(town.page, `${env.server.url}${R}/tasks`, town.page.getByTestId('notices'))
    const notice = town.page.locator('[data-notice]', { hasText: '提出をお願いします' })
    await notice.waitFor()
    assert.match(await notice.textContent(), /未読/)
    assert.match(await town.page.getByTestId('unread-count').textContent(), /未読 1件/)
    await notice.getByRole('button', { name: '既読にする' }).click()
    await town.page.getByTestId('unread-count').waitFor({ state: 'detached' })
    assert.doesNotMatch(await notice.textContent(), /未読/)
    assert.deepEqual(await axe(town.page), [])
    assert.deepEqual(town.problems, [])
    await town.context.close()
  })

  test('a signed-out visitor sees the dates of public events only, without notes or overdue marks', async () => {
    const { context, page, problems } = await newPage()
    await openSettled(page, `${env.server.url}${R}/schedule?fy=2025`, page.getByTestId('month-grid'))
    const items = page.locator('[data-milestone]')
    assert.equal(await items.count(), 4, 'the three 懇談会 and the publication')
    for (const tag of await items.locator('.tag').allTextContents()) assert.ok(['懇談会', '公表'].includes(tag), tag)
    const text = await page.locator('main').textContent()
    assert.doesNotMatch(text, /部会|照会の締切|評価・検証|年間の型から作成。|期限超過|担当/)
    assert.equal(await page.getByTestId('notices').count(), 0)
    await openSettled(page, `${env.server.url}${R}?fy=2025`, page.getByTestId('counts'))
    assert.equal(await page.getByTestId('overdue-milestones').count(), 0)
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('the timeline: no serious or critical axe violations, no sideways scroll at 390 px', async () => {
    for (const width of [1366, 390]) {
      const who = { sec: await newPage(width, 844), visitor: await newPage(width, 844) }
      await signIn(who.sec.page, env.server.url, 'sec')
      for (const [name, w] of Object.entries(who)) {
        const { page } = w
        await openSettled(page, `${env.server.url}${R}/schedule?fy=2025`, page.getByTestId('month-grid'))
        assert.deepEqual(await axe(page), [], `${name} at ${width}px`)
        const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }))
        assert.ok(scroll <= inner, `${name}: ${scroll} > ${inner} at ${width}px`)
        await shot(page, `schedule-${name}-${width}`)
      }
      for (const w of Object.values(who)) {
        assert.deepEqual(w.problems, [])
        await w.context.close()
      }
    }
  })
})
