// Browser tests of the whole application (node --test e2e/): the round flow between a town
// and the secretariat, the conflict screen, accessibility (axe) of every main page, screen
// shots and an A4 PDF of the dashboard. Artifacts go to artifacts/e2e/.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { statSync, existsSync } from 'node:fs'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { REGION, artifacts, openSettled, shot, signIn, useServerAndBrowser } from './harness.mjs'

const env = useServerAndBrowser()

async function newPage() {
  const context = await env.browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  const problems = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(m.text())
  })
  return { context, page, problems }
}

describe('the round flow, town and secretariat', () => {
  test('a town fills its tasks with a pasted block, the secretariat returns, the town fixes, the secretariat confirms', async () => {
    const town = await newPage()
    await signIn(town.page, env.server.url, 'town')
    await town.page.goto(`${env.server.url}/r/${REGION}/tasks`)
    await town.page.getByTestId('progress-sheet').waitFor()
    assert.equal(await town.page.getByTestId('submission-state').textContent(), '未提出')
    const rows = await town.page.locator('[data-testid=progress-sheet] tbody tr').count()
    assert.ok(rows >= 1, 'the town has actions to report')
    // One block copied from Excel: status, result, sessions, participants, cost per row.
    const block = Array.from({ length: rows }, (_, i) =>
      ['実施済', `第${i + 1}回の合同講座を開催`, '2', `${30 + i}`, '１２０，０００'].join('\t'),
    ).join('\r\n')
    await town.page.locator('[data-cell="0-status"]').focus()
    await town.page.evaluate((text) => {
      const target = document.querySelector('[data-cell="0-status"]')
      const data = new DataTransfer()
      data.setData('text/plain', text)
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, block)
    assert.equal(await town.page.locator('[data-cell="0-participants"]').inputValue(), '30')
    assert.equal(await town.page.locator('[data-cell="0-cost"]').inputValue(), '120000')
    const kpiInputs = town.page.locator('[data-kpi]')
    if (await kpiInputs.count()) await kpiInputs.first().fill('13')
    await shot(town.page, 'tasks-filled')
    await town.page.getByRole('button', { name: '提出する' }).click()
    await town.page.getByRole('dialog').getByRole('button', { name: '保存して提出する' }).click()
    await town.page.getByText('提出しました').waitFor()
    // The state is read again from the server after the submit: wait for that answer.
    await town.page.getByTestId('submission-state').filter({ hasText: '提出済' }).waitFor({ timeout: 10000 })
    assert.equal(await town.page.getByTestId('submission-state').textContent(), '提出済')

    const sec = await newPage()
    await signIn(sec.page, env.server.url, 'sec')
    await sec.page.goto(`${env.server.url}/r/${REGION}/rounds`)
    const row = sec.page.locator('tr[data-town="01423"]').first()
    await row.getByRole('textbox').fill('参加者数の内訳（住民・職員）を結果に書いてください')
    await row.getByRole('button', { name: '差戻し' }).click()
    const returnDialog = sec.page.getByRole('dialog', { name: '差し戻しますか' })
    assert.match(await returnDialog.textContent(), /南幌町の報告を差し戻します/)
    await returnDialog.getByRole('button', { name: '差し戻す' }).click()
    await row.getByText('差戻し', { exact: true }).waitFor()
    await shot(sec.page, 'rounds')

    await town.page.reload()
    await town.page.getByTestId('return-reason').waitFor()
    assert.match(await town.page.getByTestId('return-reason').textContent(), /内訳/)
    await town.page.locator('[data-cell="0-result"]').fill('第1回の合同講座を開催（住民20人・職員10人）')
    await town.page.getByRole('button', { name: '提出する' }).click()
    await town.page.getByRole('dialog').getByRole('button', { name: '保存して提出する' }).click()
    await town.page.getByText('提出しました').waitFor()

    await sec.page.reload()
    await row.getByRole('button', { name: '確定' }).click()
    await sec.page.getByRole('dialog', { name: '確定しますか' }).getByRole('button', { name: '確定する' }).click()
    await row.getByText('確定', { exact: true }).waitFor()

    // The dashboard shows the new figures: 南幌町 confirmed... in the round's own view, and
    // the progress of the actions it reported.
    await sec.page.goto(`${env.server.url}/r/${REGION}?fy=2025`)
    const submissions = sec.page.getByTestId('submissions')
    await submissions.waitFor()
    assert.match(await submissions.locator('tr', { hasText: '南幌町' }).textContent(), /確定/)
    const status = await sec.page.getByTestId('status-table').textContent()
    assert.match(status, /教育/)
    assert.deepEqual(town.problems, [])
    assert.deepEqual(sec.problems, [])
    await town.context.close()
    await sec.context.close()
  })
})

describe('editing', () => {
  test('two browsers edit the same initiative; the second sees the conflict screen and loses nothing', async () => {
    const a = await newPage()
    const b = await newPage()
    await signIn(a.page, env.server.url, 'sec')
    await signIn(b.page, env.server.url, 'sec2')
    const url = `${env.server.url}/r/${REGION}/initiatives/1/edit`
    await a.page.goto(url)
    await b.page.goto(url)
    const textA = a.page.getByLabel('主な取組み')
    const textB = b.page.getByLabel('主な取組み')
    await textA.waitFor()
    await textB.waitFor()
    await textA.fill('休日・夜間診療の広域的運営のあり方の検討（A の修正）')
    await a.page.getByRole('button', { name: '保存' }).click()
    await a.page.getByText('保存しました').waitFor()
    const mine = '休日・夜間診療の広域的運営の検討（B の修正）'
    await textB.fill(mine)
    await b.page.getByRole('button', { name: '保存' }).click()
    const conflict = b.page.getByTestId('conflict')
    await conflict.waitFor()
    assert.match(await conflict.getByTestId('theirs').textContent(), /A の修正/)
    assert.equal(await conflict.getByTestId('mine').textContent(), mine)
    assert.equal(await textB.inputValue(), mine, 'what B typed is still in the form')
    await shot(b.page, 'conflict')
    await conflict.getByRole('button', { name: /適用して保存/ }).click()
    await b.page.getByText('保存しました').waitFor()
    // The first browser sees the change once it loads the initiative again (the loaded
    // value, not the empty form before the answer arrives: give it a few tries).
    let seen = ''
    for (let attempt = 0; attempt < 5 && seen !== mine; attempt++) {
      await a.page.goto(url, { waitUntil: 'networkidle' })
      await textA.waitFor()
      await a.page.waitForFunction((el) => el.value !== '', await textA.elementHandle())
      seen = await textA.inputValue()
    }
    assert.equal(seen, mine)
    await a.context.close()
    await b.context.close()
  })
})

describe('editing forms', () => {
  test('validation messages appear at the field; an action gets a town; nothing bad is stored', async () => {
    const { context, page, problems } = await newPage()
    await signIn(page, env.server.url, 'sec2')
    await page.goto(`${env.server.url}/r/${REGION}/manage/fields`)
    await page.getByRole('heading', { name: /新規作成/ }).waitFor()
    await page.locator('#c-policy_area_id').selectOption({ index: 1 })
    await page.locator('#c-name').fill('   ')
    await page.getByRole('button', { name: /作成/ }).click()
    const err = page.locator('#c-name ~ .field-error')
    await err.waitFor()
    assert.match(await err.textContent(), /入力/)
    await page.locator('#c-name').fill('観光振興（テスト）')
    await page.getByRole('button', { name: /作成/ }).click()
    await page.getByText(/保存しました: 観光振興（テスト）/).waitFor()

    await page.goto(`${env.server.url}/r/${REGION}/manage/actions`)
    // 由仁町: 南幌町's R7 report was confirmed above, so its participation is locked.
    await page.getByRole('button', { name: /編集: 岩見沢市夜間急病センター/ }).click()
    const box = page.getByRole('checkbox', { name: '由仁町' })
    await box.check()
    await page.getByText('保存しました').waitFor()
    await page.reload()
    await page.getByRole('button', { name: /編集: 岩見沢市夜間急病センター/ }).click()
    assert.equal(await page.getByRole('checkbox', { name: '由仁町' }).isChecked(), true)
    await shot(page, 'manage-actions')
    assert.deepEqual(problems, [])
    await context.close()
  })
})

describe('progress and evaluation', () => {
  test('the secretariat evaluates an action; a town attaches evidence, sniffed by content', async () => {
    const sec = await newPage()
    await signIn(sec.page, env.server.url, 'sec2')
    await sec.page.goto(`${env.server.url}/r/${REGION}/progress?fy=2025`)
    const first = sec.page.locator('section.card').first()
    await first.waitFor()
    await first.getByLabel('評価', { exact: true }).selectOption('B')
    await first.getByLabel('次年度の方向性').selectOption('expand')
    await first.getByLabel('コメント').fill('参加者が増えたため拡充する')
    await first.getByRole('button', { name: '保存' }).click()
    await sec.page.getByText(/保存しました/).waitFor()
    await first.getByText('参加者が増えたため拡充する').waitFor()

    // 夕張市 has sample records and has not submitted, so its period is open (南幌町's is
    // confirmed by the round-flow test above and refuses new evidence).
    const town = await newPage()
    await signIn(town.page, env.server.url, 'yubari')
    await town.page.goto(`${env.server.url}/r/${REGION}/progress?fy=2025`)
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f80f00000101000518d84e0000000049454e44ae426082', 'hex')
    const input = town.page.locator('input[type=file]').first()
    await input.setInputFiles({ name: '写真.png', mimeType: 'image/png', buffer: png })
    await town.page.getByRole('link', { name: '写真.png' }).waitFor()
    await input.setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>x</script></html>') })
    await town.page.getByText(/text\/html/).waitFor()
    await shot(town.page, 'progress')
    await sec.context.close()
    await town.context.close()
  })
})

describe('KPI definitions', () => {
  test('a new target needs a reason, and the change is kept in the history', async () => {
    const { context, page } = await newPage()
    await signIn(page, env.server.url, 'sec2')
    await page.goto(`${env.server.url}/r/${REGION}/kpis/3`)
    await page.locator('#k-tv').waitFor()
    await page.locator('#k-tv').fill('160')
    await page.getByRole('button', { name: /保存/ }).click()
    await page.locator('#k-reason ~ .field-error').waitFor()
    await page.locator('#k-tv').fill('160')
    await page.locator('#k-reason').fill('参加町の増加に合わせて上方修正')
    await page.getByRole('button', { name: /保存/ }).click()
    await page.getByText(/参加町の増加に合わせて上方修正/).waitFor()
    await context.close()
  })
})

describe('accessibility, screenshots and print', () => {
  const pages = [
    ['login', null, '/login'],
    ['dashboard', null, `/r/${REGION}?fy=2025`],
    ['vision', null, `/r/${REGION}/vision?fy=2025`],
    ['kpis', null, `/r/${REGION}/kpis`],
    ['kpi', null, `/r/${REGION}/kpis/3`],
    ['search', null, `/r/${REGION}/search?q=%E9%98%B2%E7%81%BD`],
    ['tasks', 'town', `/r/${REGION}/tasks`],
    ['rounds', 'sec', `/r/${REGION}/rounds`],
    ['audit', 'sec', `/r/${REGION}/audit`],
    ['users', 'admin', '/admin/users'],
    ['kpi-grading', 'sec', `/r/${REGION}/kpi-grading`],
    ['kpi-grading-council', 'council', `/r/${REGION}/kpi-grading`],
    ['regions-admin', 'admin', '/admin/regions'],
    ['manage', 'sec', `/r/${REGION}/manage/categories`],
    ['progress', 'council', `/r/${REGION}/progress?fy=2025`],
    ['dashboard-en', null, `/r/${REGION}?fy=2025`, 'en'],
    ['field', null, `/r/${REGION}/fields/1?fy=2025`],
    ['category', null, `/r/${REGION}/categories/1?fy=2025`],
    ['action', 'sec', `/r/${REGION}/actions/1?fy=2025`],
    ['action-public', null, `/r/${REGION}/actions/1?fy=2025&c=1`],
    ['kpis-empty-year', null, `/r/${REGION}/kpis?fy=2027`],
    ['progress-signed-out', null, `/r/${REGION}/progress`],
  ]
  for (const [name, user, target, lang] of pages) {
    test(`${name}: no serious or critical axe violations`, async () => {
      const { context, page, problems } = await newPage()
      if (lang === 'en') await context.addInitScript(() => localStorage.setItem('kyosei.lang', 'en'))
      if (user) await signIn(page, env.server.url, user)
      await openSettled(page, env.server.url + target, page.locator('main h1'))
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      await shot(page, name)
      assert.deepEqual(
        bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`),
        [],
      )
      assert.deepEqual(problems, [])
      await context.close()
    })
  }

  test('the confirmation dialog: no serious or critical axe violations, focus inside', async () => {
    const { context, page, problems } = await newPage()
    await signIn(page, env.server.url, 'yubari')
    await page.goto(`${env.server.url}/r/${REGION}/tasks`)
    await page.getByTestId('progress-sheet').waitFor()
    await page.getByRole('button', { name: '提出する' }).click()
    const dialog = page.getByRole('dialog', { name: '提出しますか' })
    await dialog.waitFor()
    assert.equal(await page.evaluate(() => !!document.activeElement?.closest('dialog')), true)
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    await shot(page, 'confirm-dialog')
    assert.deepEqual(bad.map((v) => v.id), [])
    await page.keyboard.press('Escape')
    assert.equal(await dialog.isVisible(), false)
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), '提出する', 'focus returns to the button')
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('without a year the dashboard opens on the latest year that has actions', async () => {
    // Today's fiscal year may have no actions yet in the demo; the page then goes back.
    const { context, page } = await newPage()
    await page.goto(`${env.server.url}/r/${REGION}`)
    await page.getByTestId('status-table').waitFor()
    assert.match(await page.locator('main h1').textContent(), /（20\d\d）/)
    assert.ok(Number(new URL(page.url()).searchParams.get('fy')) <= 2026)
    assert.ok((await page.getByTestId('counts').textContent()).length > 0)
    await context.close()
  })

  test('the dashboard prints to readable A4 pages', async () => {
    const { context, page } = await newPage()
    await openSettled(page, `${env.server.url}/r/${REGION}?fy=2025`, page.getByTestId('submissions-members-only'))
    await page.emulateMedia({ media: 'print' })
    const file = path.join(artifacts, 'dashboard.pdf')
    await page.pdf({ path: file, format: 'A4', printBackground: true })
    assert.ok(statSync(file).size > 20_000, 'a PDF with content')
    const info = execFileSync('pdfinfo', [file]).toString()
    assert.match(info, /Page size:\s+59[56]\.\d+ x 84[12]\.\d+ pts/)
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString()
    assert.match(text, /ダッシュボード/)
    assert.match(text, /市町別の提出状況/)
    assert.ok(existsSync(file))
    await context.close()
  })
})
