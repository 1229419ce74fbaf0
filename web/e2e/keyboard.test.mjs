// Keyboard focus in a real browser: a first visit starts at the top (Tab reaches the
// skip link first); changing the fiscal year keeps focus on the select (only the query
// changes); moving to another page puts focus on its heading.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { PASSWORD, REGION, signIn, totp, withServerAndBrowser } from './harness.mjs'

let server
let browser
withServerAndBrowser((s, b) => {
  server = s
  browser = b
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

// Every visible control on each main page is reached by Tab, in one pass, and shows a
// focus indicator (outline or ring) when reached.
async function tabAudit(page) {
  const total = await page.evaluate(() => {
    const sel = 'a[href], summary, button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'
    let n = 0
    const seenRadio = new Set()
    for (const el of document.querySelectorAll(sel)) {
      if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue
      // Content of a closed <details> keeps its layout boxes in Chromium but is not shown.
      const closed = el.closest('details:not([open])')
      if (closed && !(el.tagName === 'SUMMARY' && el.parentElement === closed)) continue
      if (el.type === 'radio') {
        if (seenRadio.has(el.name)) continue
        seenRadio.add(el.name)
      }
      el.dataset.kb = String(n++)
    }
    return n
  })
  const reached = new Set()
  const noIndicator = []
  await page.evaluate(() => document.activeElement?.blur())
  for (let i = 0; i < total + 15 && reached.size < total; i++) {
    await page.keyboard.press('Tab')
    const r = await page.evaluate(() => {
      const e = document.activeElement
      if (!e || !e.dataset?.kb) return null
      const cs = getComputedStyle(e)
      const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none'
      return { kb: e.dataset.kb, ring, what: `${e.tagName}${e.id ? '#' + e.id : ''} ${(e.textContent || e.getAttribute('aria-label') || e.name || '').trim().slice(0, 30)}` }
    })
    if (!r) continue
    reached.add(r.kb)
    if (!r.ring) noIndicator.push(r.what)
  }
  const missed = await page.evaluate((got) =>
    [...document.querySelectorAll('[data-kb]')].filter((e) => !got.includes(e.dataset.kb))
      .map((e) => `${e.tagName} ${(e.textContent || e.getAttribute('aria-label') || e.name || '').trim().slice(0, 30)}`), [...reached])
  return { total, missed, noIndicator }
}

test('keyboard: every control on each main page is reachable by Tab and shows focus', async () => {
  const pages = [
    [null, `/r/${REGION}?fy=2025`],
    [null, `/r/${REGION}/vision?fy=2025`],
    [null, `/r/${REGION}/kpis`],
    [null, `/r/${REGION}/kpis/1`],
    [null, `/r/${REGION}/search?q=%E9%98%B2%E7%81%BD`],
    [null, '/login'],
    ['town', `/r/${REGION}/tasks`],
    ['sec', `/r/${REGION}/rounds`],
    ['sec', `/r/${REGION}/manage`],
    ['sec', `/r/${REGION}/progress?fy=2025`],
    ['sec', `/r/${REGION}/audit`],
    ['admin', '/admin/users'],
  ]
  const contexts = new Map()
  const problems = []
  for (const [login, url] of pages) {
    if (!contexts.has(login)) {
      const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } })
      const page = await context.newPage()
      if (login) await signIn(page, server.url, login)
      contexts.set(login, page)
    }
    const page = contexts.get(login)
    await page.goto(`${server.url}${url}`)
    await page.getByRole('heading', { level: 1 }).first().waitFor()
    await page.waitForLoadState('networkidle')
    const r = await tabAudit(page)
    assert.ok(r.total > 0, `${url}: controls found`)
    if (r.missed.length) problems.push(`${url}: not reached by Tab: ${r.missed.slice(0, 5).join(' | ')}`)
    if (r.noIndicator.length) problems.push(`${url}: no focus indicator: ${r.noIndicator.slice(0, 5).join(' | ')}`)
  }
  for (const page of contexts.values()) await page.context().close()
  assert.deepEqual(problems, [])
})

test('sign-in: the code field gets focus, a wrong code is marked at the field, and the header links no member pages until the second factor is done', async () => {
  const context = await browser.newContext({ locale: 'ja-JP' })
  const page = await context.newPage()
  await page.goto(`${server.url}/login`)
  await page.getByLabel(/ログインID/).fill('sec2')
  await page.getByLabel(/パスワード/).fill(PASSWORD)
  await page.getByRole('button', { name: 'ログイン' }).click()
  const code = page.getByLabel(/確認コード/)
  await code.waitFor()
  await page.waitForFunction(() => document.activeElement?.id === 'code', null, { timeout: 5000 })
  const nav = () => page.locator('header nav a').allTextContents()
  assert.ok(!(await nav()).includes('照会の管理'), 'no secretariat pages before the second factor')
  assert.match(await page.getByTestId('who').textContent(), /二要素認証/)
  await code.fill('000000')
  await page.getByRole('button', { name: '登録する' }).click()
  await page.getByRole('alert').waitFor()
  assert.equal(await code.getAttribute('aria-invalid'), 'true')
  const secret = (await page.getByTestId('totp-secret').textContent()).trim()
  await code.fill(await totp(secret))
  await page.getByRole('button', { name: '登録する' }).click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.getByRole('link', { name: '照会の管理' }).waitFor()
  assert.match(await page.getByTestId('who').textContent(), /事務局/)
  await context.close()
})
