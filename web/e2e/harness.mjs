// End-to-end harness: a real `kyosei serve` on a free loopback port over a fresh SQLite
// database (demo region, sample progress, one user per role), the built front end, and
// Debian's Chromium driven by playwright-core. Everything started here is stopped again.
import { spawn, execFileSync } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { after, before } from 'node:test'
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
export const webDir = path.resolve(here, '..')
export const rootDir = path.resolve(webDir, '..')
export const artifacts = path.join(rootDir, 'artifacts', 'e2e')
mkdirSync(artifacts, { recursive: true })

const bin = process.env.KYOSEI_BIN ?? path.join(rootDir, 'build', 'ci', 'kyosei')
export const PASSWORD = 'e2e-password-長い-1'
export const REGION = 'minami-sorachi'

export const USERS = {
  admin: ['--admin'],
  sec: ['--role', `${REGION}:secretariat`],
  sec2: ['--role', `${REGION}:secretariat`],
  town: ['--role', `${REGION}:municipality_editor:01423`],
  yubari: ['--role', `${REGION}:municipality_editor:01209`],
  council: ['--role', `${REGION}:council_member`],
}

/** `options.council`: also the sample council year (kyosei demo-council: register, meetings, opinions). */
export async function startServer(options = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kyosei-e2e-'))
  const db = `sqlite:${path.join(dir, 'e2e.db')}`
  const run = (...args) => execFileSync(bin, ['--db', db, ...args], { cwd: rootDir, stdio: ['pipe', 'pipe', 'pipe'] })
  run('migrate')
  run('load', path.join(rootDir, 'data', 'minami-sorachi.yaml'))
  run('demo-progress', '--region', REGION, '--fy', '2025')
  if (options.council) run('demo-council', '--region', REGION, '--fy', '2025')
  for (const [login, extra] of Object.entries(USERS)) {
    execFileSync(bin, ['--db', db, 'user', 'add', login, ...extra], { input: `${PASSWORD}\n`, cwd: rootDir })
  }
  const child = spawn(bin, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--web-root', path.join(webDir, 'dist')], {
    cwd: rootDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  child.stderr.on('data', (d) => (log += d))
  const port = await new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 15000)
    child.stdout.on('data', (d) => {
      out += d
      const m = /127\.0\.0\.1:(\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    })
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${log}`)))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    cli: (...args) => run(...args).toString(),
    log: () => log,
    async stop() {
      child.kill('SIGTERM')
      await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  })
}

/**
 * Registers node:test hooks for the calling test file: before its tests a fresh server and a
 * browser are started, after them both are stopped. Returns `{ server, browser }`, filled in
 * once the `before` hook has run.
 */
export function useServerAndBrowser(options = {}) {
  const env = { server: undefined, browser: undefined }
  before(async () => {
    env.server = await startServer(options)
    env.browser = await launchBrowser()
  })
  after(async () => {
    await env.browser?.close()
    await env.server?.stop()
  })
  return env
}

/**
 * A fresh browser context (ja-JP, `width` × `height`, optionally signed in through
 * `storageState`) and its page; `problems` collects the page's uncaught errors.
 */
export async function newPageOf(browser, width = 1366, height = 900, storageState = undefined) {
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width, height }, storageState })
  const page = await context.newPage()
  const problems = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  return { context, page, problems }
}

// RFC 6238 TOTP (SHA-1, 30 s, 6 digits), for signing in as roles that require it. A code
// is accepted once per time step, so callers wait for a fresh step when they reuse a secret.
function base32(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const c of s.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0')
  const out = []
  for (let i = 0; i + 8 <= bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8), 2))
  return Buffer.from(out)
}
const usedSteps = new Map()
export async function totp(secret) {
  let step = Math.floor(Date.now() / 1000 / 30)
  while (usedSteps.get(secret) === step) {
    await new Promise((r) => setTimeout(r, 1000))
    step = Math.floor(Date.now() / 1000 / 30)
  }
  usedSteps.set(secret, step)
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const h = createHmac('sha1', base32(secret)).update(counter).digest()
  const o = h[h.length - 1] & 0xf
  const n = ((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).toString()
  return n.padStart(6, '0')
}

export const secrets = new Map()

/** Signs in through the login page; enrols or answers TOTP when the page asks. */
export async function signIn(page, base, login) {
  await page.goto(`${base}/login`)
  await page.getByLabel(/ログインID/).fill(login)
  await page.getByLabel(/パスワード/).fill(PASSWORD)
  await page.getByRole('button', { name: 'ログイン' }).click()
  const secretEl = page.getByTestId('totp-secret')
  const code = page.getByLabel(/確認コード/)
  await Promise.race([
    page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15000 }),
    code.waitFor({ timeout: 15000 }),
  ])
  if (!new URL(page.url()).pathname.startsWith('/login')) return
  if (await secretEl.count()) secrets.set(login, (await secretEl.textContent()).trim())
  await code.fill(await totp(secrets.get(login)))
  await page.getByRole('button', { name: /登録する|確認する/ }).click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15000 })
}

/** Goes to `url`, waits for `ready` (a locator of the page) and for the network to settle. */
export async function openSettled(page, url, ready) {
  await page.goto(url)
  await ready.waitFor()
  await page.waitForLoadState('networkidle')
}

export function shot(page, name) {
  return page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true })
}
