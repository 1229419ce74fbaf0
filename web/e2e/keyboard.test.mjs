// Keyboard focus in a real browser: a first visit starts at the top (Tab reaches the
// skip link first); changing the fiscal year keeps focus on the select (only the query
// changes); moving to another page puts focus on its heading.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { REGION, launchBrowser, startServer } from './harness.mjs'

let server
let browser
before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

const active = (page) =>
  page.evaluate(() => {
    const e = document.activeElement
    return { tag: e?.tagName ?? '', text: (e?.textContent ?? '').trim().slice(0, 40) }
  })

test('focus: skip link first, stays on the fiscal-year select, moves to the heading of a new page', async () => {
  const context = await browser.newContext({ locale: 'ja-JP' })
  const page = await context.newPage()
  await page.goto(`${server.url}/r/${REGION}`)
  await page.getByRole('heading', { level: 1 }).waitFor()
  await page.waitForLoadState('networkidle')
  await page.keyboard.press('Tab')
  assert.equal((await active(page)).text, '本文へ移動', 'the first Tab reaches the skip link')

  const select = page.getByLabel('年度').first()
  await select.focus()
  await select.selectOption('2025')
  await page.waitForURL((u) => u.searchParams.get('fy') === '2025')
  await page.waitForTimeout(300) // the router's focus move would run in the next frame
  assert.equal((await active(page)).tag, 'SELECT', 'focus stays on the select after a fiscal-year change')

  await page.getByRole('link', { name: 'ビジョン', exact: true }).click()
  await page.waitForURL((u) => u.pathname.endsWith('/vision'))
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1', null, { timeout: 5000 })
  await context.close()
})
