// Writes FILE.gz beside every text asset of dist/ (gzip level 9): the server sends it to
// clients that accept gzip, so the first visit downloads the compressed bundle.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'dist')
let files = 0
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name)
    if (statSync(p).isDirectory()) walk(p)
    else if (/\.(js|css|html|svg|json)$/.test(name)) {
      writeFileSync(`${p}.gz`, gzipSync(readFileSync(p), { level: 9 }))
      files++
    }
  }
}
walk(dist)
console.log(`compress: ${files} files gzipped in ${path.relative(process.cwd(), dist)}`)
