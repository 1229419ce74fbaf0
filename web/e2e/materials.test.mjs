// Browser tests of a meeting's materials (MeetingMaterials.vue, ADR 0018): the secretariat
// uploads a public 資料 and an internal 参考資料 on a meeting whose minutes are published,
// edits one (a refused blank title keeps what was typed), and deletes one after confirming (cancelling keeps it); a council member downloads both;
// a signed-out visitor sees and downloads only the public one, without the upload form or
// delete buttons. No serious or critical axe violations; no sideways scroll at 390 px;
// screenshots at 1366 px and 390 px go to artifacts/e2e/.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import AxeBuilder from '@axe-core/playwright'
import { REGION, openSettled, shot, signIn, useServerAndBrowser } from './harness.mjs'

const env = useServerAndBrowser({ council: true })
const R = `/r/${REGION}`
const state = { meeting: 0 }

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

async function axe(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
}

const PUBLIC_TITLE = 'E2E 取組状況の報告'
const INTERNAL_TITLE = 'E2E 事務局の検討メモ'
const DROPPED_TITLE = 'E2E 差し替え前の資料'

async function upload(page, { number, title, kind, file, body, isPublic }) {
  const form = page.getByTestId('material-form')
  if (number) await form.getByLabel('資料番号').fill(number)
  await form.getByLabel('表題').fill(title)
  await form.getByLabel('種類').selectOption({ label: kind })
  await form.getByLabel('ファイル').setInputFiles({ name: file, mimeType: 'text/plain', buffer: Buffer.from(body) })
  if (isPublic) await form.getByLabel('議事録公開後に一般公開する').check()
  await form.getByRole('button', { name: '資料を登録' }).click()
  await page.getByText(`資料「${title}」を登録しました`).waitFor()
}

describe("a meeting's materials", () => {
  test('the secretariat uploads, is refused a bad file, and deletes after confirming', async () => {
    const { context, page, problems } = await newPage()
    const list = await (await page.request.get(`${env.server.url}/api/v1/regions/${REGION}/meetings?fy=2025`)).json()
    const published = list.meetings.find((m) => m.status.code === 'minutes_published')
    assert.ok(published, 'the sample year has a meeting with published minutes')
    state.meeting = published.id
    await signIn(page, env.server.url, 'sec')
    await openSettled(page, `${env.server.url}${R}/meetings/${state.meeting}`, page.getByTestId('material-form'))

    // Nothing chosen: the form says so without a request; an empty file is refused by the server.
    await page.getByTestId('material-form').getByLabel('表題').fill('x')
    await page.getByTestId('material-form').getByRole('button', { name: '資料を登録' }).click()
    await page.getByTestId('material-form').getByText('ファイルを選んでください').first().waitFor()
    await page.getByTestId('material-form').getByLabel('ファイル').setInputFiles({ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) })
    await page.getByTestId('material-form').getByRole('button', { name: '資料を登録' }).click()
    await page.getByTestId('material-form').getByText('ファイルが空です').first().waitFor()

    await upload(page, { number: '資料1', title: PUBLIC_TITLE, kind: '資料', file: '資料1.txt', body: '取組状況の報告（E2E）\n', isPublic: true })
    await upload(page, { title: INTERNAL_TITLE, kind: '参考資料', file: 'memo.txt', body: '内部の検討メモ（E2E）\n' })
    await upload(page, { title: DROPPED_TITLE, kind: '資料', file: 'old.txt', body: '古い資料\n', isPublic: true })
    const table = page.getByTestId('materials')
    for (const title of [PUBLIC_TITLE, INTERNAL_TITLE, DROPPED_TITLE]) await table.getByRole('rowheader', { name: new RegExp(title) }).waitFor()
    assert.match(await table.locator('tr').filter({ hasText: PUBLIC_TITLE }).textContent(), /資料1.*公開/)

    // Edit after the upload: a blank title is refused at its field and what was typed stays;
    // corrected, the change is saved (資料番号 and kind) and the row says so.
    await table.locator('tr').filter({ hasText: INTERNAL_TITLE }).getByRole('button', { name: '編集' }).click()
    const edit = page.getByTestId('material-edit-form')
    await edit.getByLabel('資料番号').fill('参考1')
    await edit.getByLabel('表題').fill('   ')
    await edit.getByRole('button', { name: '変更を保存' }).click()
    await edit.locator('.field-error').first().waitFor()
    assert.equal(await edit.getByLabel('資料番号').inputValue(), '参考1')
    assert.equal(await edit.getByLabel('表題').inputValue(), '   ')
    await edit.getByLabel('表題').fill(INTERNAL_TITLE)
    await edit.getByLabel('種類').selectOption({ label: '参考資料' })
    await edit.getByRole('button', { name: '変更を保存' }).click()
    await page.getByText(`資料「${INTERNAL_TITLE}」を変更しました`).waitFor()
    assert.equal(await page.getByTestId('material-edit-form').count(), 0)
    assert.match(await table.locator('tr').filter({ hasText: INTERNAL_TITLE }).textContent(), /参考1.*内部.*参考資料/)

    // Delete asks first; cancelling keeps the material.
    const dropped = table.locator('tr').filter({ hasText: DROPPED_TITLE })
    await dropped.getByRole('button', { name: '削除' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    assert.match(await dialog.textContent(), new RegExp(DROPPED_TITLE))
    await dialog.getByRole('button', { name: 'キャンセル' }).click()
    await dialog.waitFor({ state: 'hidden' })
    assert.equal(await dropped.count(), 1)
    await dropped.getByRole('button', { name: '削除' }).click()
    await dialog.getByRole('button', { name: '削除', exact: true }).click()
    await page.getByText(`資料「${DROPPED_TITLE}」を削除しました`).waitFor()
    // The list reloads after the notice: wait for the row to go rather than count at once.
    await table.locator('tr').filter({ hasText: DROPPED_TITLE }).waitFor({ state: 'detached' })
    assert.equal(await table.locator('tr').filter({ hasText: DROPPED_TITLE }).count(), 0)
    assert.deepEqual(await axe(page), [])
    await shot(page, 'materials-secretariat')
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('a council member downloads every material; a signed-out visitor only the public one', async () => {
    const member = await newPage()
    await signIn(member.page, env.server.url, 'council')
    await openSettled(member.page, `${env.server.url}${R}/meetings/${state.meeting}`, member.page.getByTestId('materials').getByRole('rowheader', { name: INTERNAL_TITLE }))
    assert.equal(await member.page.getByTestId('material-form').count(), 0)
    assert.equal(await member.page.getByTestId('materials').getByRole('button', { name: '削除' }).count(), 0)
    const link = member.page.getByTestId('materials').getByRole('link', { name: 'memo.txt' })
    const got = await member.page.request.get(env.server.url + (await link.getAttribute('href')))
    assert.equal(got.status(), 200)
    assert.equal(await got.text(), '内部の検討メモ（E2E）\n')
    assert.match(got.headers()['content-disposition'], /^attachment;/)
    assert.deepEqual(member.problems, [])
    await member.context.close()

    const visitor = await newPage()
    await openSettled(visitor.page, `${env.server.url}${R}/meetings/${state.meeting}`, visitor.page.getByTestId('materials').getByRole('rowheader', { name: PUBLIC_TITLE }))
    const text = await visitor.page.getByTestId('materials').textContent()
    assert.ok(!text.includes(INTERNAL_TITLE), 'an internal material is not shown')
    assert.ok(!text.includes(DROPPED_TITLE), 'a deleted material is not shown')
    assert.equal(await visitor.page.getByTestId('material-form').count(), 0)
    const open = visitor.page.getByTestId('materials').getByRole('link', { name: '資料1.txt' })
    const file = await visitor.page.request.get(env.server.url + (await open.getAttribute('href')))
    assert.equal(file.status(), 200)
    assert.equal(await file.text(), '取組状況の報告（E2E）\n')
    assert.deepEqual(await axe(visitor.page), [])
    await shot(visitor.page, 'materials-public')
    assert.deepEqual(visitor.problems, [])
    await visitor.context.close()
  })

  test('the meeting page with materials at 1366 px and 390 px: no sideways scroll', async () => {
    for (const width of [1366, 390]) {
      const { context, page, problems } = await newPage(width, 844)
      await signIn(page, env.server.url, 'sec')
      await openSettled(page, `${env.server.url}${R}/meetings/${state.meeting}`, page.getByTestId('materials').getByRole('rowheader', { name: new RegExp(PUBLIC_TITLE) }))
      assert.deepEqual(await axe(page), [], `at ${width}px`)
      const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }))
      assert.ok(scroll <= inner, `no sideways scroll at ${width}px: ${scroll} > ${inner}`)
      await shot(page, `materials-meeting-${width}`)
      assert.deepEqual(problems, [])
      await context.close()
    }
  })
})
