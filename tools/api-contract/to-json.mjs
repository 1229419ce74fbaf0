// Writes docs/api/openapi.json from docs/api/openapi.yaml (the source). The server serves
// the JSON file at /api/v1/openapi.json.
//
//   node tools/api-contract/to-json.mjs           write docs/api/openapi.json
//   node tools/api-contract/to-json.mjs --check   exit 1 when the committed JSON is stale
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const apiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/api');
const yamlPath = path.join(apiDir, 'openapi.yaml');
const jsonPath = path.join(apiDir, 'openapi.json');

// Plain JSON values only: no anchors merged into shared objects, no custom tags.
const doc = YAML.parse(fs.readFileSync(yamlPath, 'utf8'), { merge: false, uniqueKeys: true });
const text = `${JSON.stringify(doc, null, 2)}\n`;

if (process.argv.includes('--check')) {
  const current = fs.existsSync(jsonPath) ? fs.readFileSync(jsonPath, 'utf8') : '';
  if (current !== text) {
    console.error('docs/api/openapi.json is not up to date with docs/api/openapi.yaml;' +
      ' run: node tools/api-contract/to-json.mjs');
    process.exit(1);
  }
  console.log('docs/api/openapi.json is up to date');
} else {
  fs.writeFileSync(jsonPath, text);
  console.log(`wrote ${path.relative(process.cwd(), jsonPath)}`);
}
