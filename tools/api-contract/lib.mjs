// Helpers for the contract test: the OpenAPI document, response validation against it,
// a throwaway Kyosei server on loopback, and a small cookie-keeping HTTP client.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const yamlPath = path.join(repoRoot, 'docs/api/openapi.yaml');
export const jsonPath = path.join(repoRoot, 'docs/api/openapi.json');

// ---- the document and its schemas -------------------------------------------------------

export function loadSpec(file = process.env.KYOSEI_OPENAPI || yamlPath) {
  return YAML.parse(fs.readFileSync(file, 'utf8'), { merge: false, uniqueKeys: true });
}

const SCHEMAS_ID = 'https://kyosei.invalid/openapi/schemas';

// Component schemas become the $defs of one JSON Schema 2020-12 document, so that
// `#/components/schemas/X` references resolve; OpenAPI 3.1 schemas are 2020-12 schemas.
function rewriteRefs(value, prefix) {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, prefix));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')
        ? `${prefix}#/$defs/${v.slice('#/components/schemas/'.length)}`
        : rewriteRefs(v, prefix);
    }
    return out;
  }
  return value;
}

export class Contract {
  constructor(spec) {
    this.spec = spec;
    this.ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addKeyword({ keyword: 'example' }); // OpenAPI's own annotation keyword
    this.ajv.addSchema({ $id: SCHEMAS_ID, $defs: rewriteRefs(spec.components?.schemas ?? {}, '') });
    this.validators = new Map();
    this.operations = new Map(); // operationId → { method, path, op }
    for (const [p, item] of Object.entries(spec.paths ?? {})) {
      for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']) {
        if (item[method]) {
          this.operations.set(item[method].operationId, { method: method.toUpperCase(), path: p, op: item[method] });
        }
      }
    }
  }

  resolve(obj) {
    let o = obj;
    while (o && o.$ref) {
      const parts = o.$ref.replace(/^#\//, '').split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      o = parts.reduce((acc, k) => acc?.[k], this.spec);
      assert.ok(o, `unresolvable $ref ${obj.$ref}`);
    }
    return o;
  }

  validator(key, schema) {
    if (!this.validators.has(key)) {
      this.validators.set(key, this.ajv.compile(rewriteRefs(schema, SCHEMAS_ID)));
    }
    return this.validators.get(key);
  }

  // Throws (assertion error) unless the response is one the document describes for the
  // operation: a documented status, its required headers, its media type and a body that
  // matches the schema (or no body when none is documented).
  check(operationId, res) {
    const entry = this.operations.get(operationId);
    assert.ok(entry, `operation ${operationId} is not in the document`);
    const where = `${entry.method} ${entry.path} (${operationId}) → ${res.status}`;
    const responses = entry.op.responses ?? {};
    const status = String(res.status);
    const documented = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default;
    assert.ok(documented, `${where}: status not documented; body: ${res.text.slice(0, 500)}`);
    const response = this.resolve(documented);
    for (const [name, h] of Object.entries(response.headers ?? {})) {
      const header = this.resolve(h);
      const value = res.headers.get(name);
      if (header.required) assert.ok(value !== null, `${where}: header ${name} missing`);
      if (value !== null && header.schema) {
        const typed = header.schema.type === 'integer' && /^-?\d+$/.test(value) ? Number(value) : value;
        const v = this.validator(`${operationId} ${status} header ${name}`, header.schema);
        assert.ok(v(typed), `${where}: header ${name}: ${value}: ${this.ajv.errorsText(v.errors)}`);
      }
    }
    const content = response.content;
    if (!content) {
      assert.equal(res.text, '', `${where}: no body is documented, got ${res.text.slice(0, 200)}`);
      return undefined;
    }
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0].trim();
    assert.ok(content[mediaType], `${where}: content type '${mediaType}' not documented (${Object.keys(content).join(', ')})`);
    let body;
    try {
      body = JSON.parse(res.text);
    } catch (e) {
      assert.fail(`${where}: body is not JSON: ${e.message}: ${res.text.slice(0, 200)}`);
    }
    const schema = content[mediaType].schema;
    if (schema) {
      const v = this.validator(`${operationId} ${status} ${mediaType}`, schema);
      if (!v(body)) {
        const errors = v.errors.slice(0, 8).map((e) => `  ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n');
        assert.fail(`${where}: body does not match the schema:\n${errors}\nbody: ${res.text.slice(0, 800)}`);
      }
    }
    return body;
  }
}

// ---- TOTP (RFC 6238, SHA-1, 30 s, 6 digits) ---------------------------------------------

export function totp(secret, offsetSteps = 0) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + offsetSteps));
  const h = crypto.createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1e6).padStart(6, '0');
}

// ---- the server --------------------------------------------------------------------------

export function kyoseiBin() {
  return path.resolve(repoRoot, process.env.KYOSEI_BIN || 'build/ci/kyosei');
}

function run(bin, args, input) {
  const r = spawnSync(bin, args, { cwd: repoRoot, input, encoding: 'utf8', timeout: 60000 });
  if (r.status !== 0) {
    throw new Error(`${path.basename(bin)} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}${r.stdout}`);
  }
  return r.stdout;
}

// A fresh SQLite database with the demo region and users, and `kyosei serve` on a free
// loopback port. Returns { base, users, stop(), log() }.
export async function startServer() {
  const bin = kyoseiBin();
  assert.ok(fs.existsSync(bin), `no kyosei binary at ${bin} (build it, or set KYOSEI_BIN)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyosei-contract-'));
  const db = `sqlite:${path.join(dir, 'k.db')}`;
  const users = {};
  try {
    run(bin, ['--db', db, 'load', 'data/minami-sorachi.yaml']);
    for (const line of run(bin, ['--db', db, 'demo-users']).split('\n')) {
      const m = line.match(/^(demo-[\w-]+)\t(\S+)(?:\tTOTP secret: ([A-Z2-7]+))?/);
      if (m) users[m[1]] = { login: m[1], password: m[2], secret: m[3] };
    }
    // An admin without TOTP, to go through enrolment.
    users.admin = { login: 'contract-admin', password: `Tsukigata-${crypto.randomBytes(8).toString('hex')}` };
    run(bin, ['--db', db, 'user', 'add', users.admin.login, '--admin', '--name', 'Contract Admin'], `${users.admin.password}\n`);
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  // The server runs under a small bash watchdog that sends it SIGTERM when its standard
  // input closes: when stop() ends it, or when this process dies in any way, so an
  // interrupted test never leaves a server behind.
  const watchdog = '"$0" "$@" <&- & pid=$!; read -r _ || true; kill -TERM "$pid" 2>/dev/null; wait "$pid"';
  const child = spawn('bash', ['-c', watchdog, bin, '--db', db, 'serve', '--listen', '127.0.0.1:0', '--threads', '2'], {
    cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'],
  });
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s: ${stderr}`)), 20000);
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/Kyosei: http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}): ${stderr}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    users,
    log: () => stderr,
    async stop() {
      child.stdin.end();
      const { code, signal } = await exited;
      assert.equal(code, 0, `the server did not stop cleanly on SIGTERM (${code ?? signal}): ${stderr.slice(-2000)}`);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- an HTTP client with one session ------------------------------------------------------

export class Client {
  constructor(base) {
    this.base = base;
    this.cookie = '';
    this.csrf = '';
  }

  async call(method, urlPath, { body, raw, headers = {}, contentType } = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && !['GET', 'HEAD'].includes(method) && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    let payload;
    if (raw !== undefined) payload = raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) h['content-type'] = contentType ?? 'application/json';
    const res = await fetch(this.base + urlPath, { method, headers: h, body: payload, redirect: 'manual' });
    const text = await res.text();
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0];
      this.cookie = pair.endsWith('=') ? '' : pair;
    }
    return { status: res.status, headers: res.headers, text };
  }
}
