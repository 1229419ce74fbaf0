// The JavaScript a first visit downloads: the entry script and the modules index.html
// preloads, gzip-compressed (level 9, as served). Fails above the budget (350 KB).
//   node scripts/bundle-size.mjs [--budget-kb 350]
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'dist')
const budgetArg = process.argv.indexOf('--budget-kb')
const budget = (budgetArg > 0 ? Number(process.argv[budgetArg + 1]) : 350) * 1024
const html = readFileSync(path.join(dist, 'index.html'), 'utf8')
const urls = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1])
const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+\.css)"/g)].map((m) => m[1])
let total = 0
let raw = 0
const rows = []
for (const u of urls) {
  const body = readFileSync(path.join(dist, u))
  const gz = gzipSync(body, { level: 9 }).length
  total += gz
  raw += body.length
  rows.push([u, body.length, gz])
}
for (const [u, r, g] of rows) console.log(`${u}\t${(r / 1024).toFixed(1)} KB\t${(g / 1024).toFixed(1)} KB gzip`)
let cssGz = 0
for (const u of css) cssGz += gzipSync(readFileSync(path.join(dist, u)), { level: 9 }).length
console.log(`initial JavaScript: ${rows.length} files, ${(raw / 1024).toFixed(1)} KB, ${(total / 1024).toFixed(1)} KB gzip (budget ${(budget / 1024).toFixed(0)} KB); CSS ${(cssGz / 1024).toFixed(1)} KB gzip`)
// A first visit to a chart page (the dashboard is the start page) also fetches the chart
// chunk; that total must fit the budget too.
const chartChunk = readdirSync(path.join(dist, 'assets')).find((f) => /^EChart-.*\.js$/.test(f))
const chartGz = chartChunk ? gzipSync(readFileSync(path.join(dist, 'assets', chartChunk)), { level: 9 }).length : 0
console.log(`first visit to the dashboard (with the chart chunk ${chartChunk}): ${((total + chartGz) / 1024).toFixed(1)} KB gzip`)
if (total + chartGz > budget) {
  console.error('bundle-size: the first visit to the dashboard is over budget')
  process.exit(1)
}
if (urls.some((u) => /echarts|EChart/i.test(u))) {
  console.error('bundle-size: ECharts is in the initial download; it must load only with chart pages')
  process.exit(1)
}
if (total > budget) {
  console.error('bundle-size: over budget')
  process.exit(1)
}
