// Contract test: starts the real kyosei server (KYOSEI_BIN, default build/ci/kyosei) on a
// fresh temporary database on loopback, calls every operation of docs/api/openapi.yaml —
// successes and the documented problems — and checks each answer against the document:
// status documented, required headers present, media type and body matching the schema.
//
//   node --test tools/api-contract/contract.test.mjs
//
// An operation the server does not have yet (it answers 404 `not-found` or 405 for it) is
// skipped with a note; anything it does answer must match. Every documented operation
// must be exercised, and every route of `kyosei routes` must be documented.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { test } from 'node:test';
import { Client, Contract, jsonPath, kyoseiBin, loadSpec, repoRoot, startServer, totp } from './lib.mjs';

const spec = loadSpec();
const contract = new Contract(spec);
const exercised = new Set();
const notImplemented = new Set();
const R = '/api/v1/regions/minami-sorachi';

class NotImplemented extends Error {}

// Checks `res` against operation `opId` and its expected status; returns the parsed body.
function expectOp(opId, res, status) {
  exercised.add(opId);
  const isRouteMissing = (res.status === 404 || res.status === 405) && res.status !== status &&
    /^application\/problem\+json/.test(res.headers.get('content-type') ?? '');
  if (isRouteMissing) {
    const problem = JSON.parse(res.text);
    const v = contract.validator('Problem', { $ref: '#/components/schemas/Problem' });
    assert.ok(v(problem), `problem body does not match Problem: ${res.text}`);
    if (problem.type === '/problems/not-found' || problem.type === '/problems/method-not-allowed') {
      const { method, path } = contract.operations.get(opId);
      notImplemented.add(opId);
      throw new NotImplemented(`${method} ${path} (${opId}): not implemented yet (server answers ${res.status} ${problem.type})`);
    }
  }
  const body = contract.check(opId, res);
  assert.equal(res.status, status, `${opId}: expected ${status}, got ${res.status}: ${res.text.slice(0, 400)}`);
  return body;
}

// A subtest whose not-implemented operations turn into a skip rather than a failure.
async function step(t, name, fn) {
  await t.test(name, async (st) => {
    try {
      await fn(st);
    } catch (e) {
      if (e instanceof NotImplemented) st.skip(e.message);
      else throw e;
    }
  });
}

test('the committed openapi.json is the YAML converted', () => {
  assert.deepStrictEqual(JSON.parse(fs.readFileSync(jsonPath, 'utf8')), spec,
    'run: node tools/api-contract/to-json.mjs');
});

test('every route of the server is documented', (t) => {
  const r = spawnSync(kyoseiBin(), ['routes'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const routes = new Set();
  for (const m of r.stdout.matchAll(/^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)` \|/gm)) routes.add(`${m[1]} ${m[2]}`);
  assert.ok(routes.size > 0, 'no routes parsed from `kyosei routes`');
  const documented = new Set([...contract.operations.values()].map((o) => `${o.method} ${o.path}`));
  const undocumented = [...routes].filter((x) => !documented.has(x));
  assert.deepEqual(undocumented, [], 'routes missing from docs/api/openapi.yaml');
  const missing = [...documented].filter((x) => !routes.has(x));
  if (missing.length) t.diagnostic(`documented, not implemented yet: ${missing.join(', ')}`);
});

test('the server answers as documented', async (t) => {
  const server = await startServer();
  const { base, users } = server;
  const anon = () => new Client(base);
  try {
    await runAll(t, base, users, anon);
  } catch (e) {
    t.diagnostic(`server log:\n${server.log().slice(-4000)}`);
    throw e;
  } finally {
    await server.stop();
  }
});

async function signIn(base, user, { secondFactor = true } = {}) {
  const c = new Client(base);
  const res = await c.call('POST', '/api/v1/session', { body: { login: user.login, password: user.password } });
  const info = expectOp('signIn', res, 200);
  c.csrf = info.csrf_token;
  if (secondFactor && info.second_factor === 'required') {
    const r2 = await c.call('POST', '/api/v1/session/totp', { body: { code: totp(user.secret) } });
    expectOp('verifySecondFactor', r2, 200);
  }
  return { client: c, info };
}

async function runAll(t, base, users, anon) {
  // ---- public read models ----
  await step(t, 'health', async () => {
    const body = expectOp('getHealth', await anon().call('GET', '/healthz'), 200);
    assert.equal(body.status, 'ok');
    expectOp('getHealth', await anon().call('GET', '/healthz', { headers: { 'x-padding': 'a'.repeat(17 * 1024) } }), 431);
  });

  await step(t, 'regions', async () => {
    const body = expectOp('listRegions', await anon().call('GET', '/api/v1/regions'), 200);
    assert.ok(body.regions.some((r) => r.slug === 'minami-sorachi'));
    expectOp('listRegions', await anon().call('GET', '/api/v1/regions?x=1'), 400);
  });

  await step(t, 'one region, ETag and 304', async () => {
    const c = anon();
    const res = await c.call('GET', R);
    const body = expectOp('getRegion', res, 200);
    assert.equal(body.municipalities.length, 9);
    expectOp('getRegion', await c.call('GET', R, { headers: { 'if-none-match': res.headers.get('etag') } }), 304);
    expectOp('getRegion', await c.call('GET', '/api/v1/regions/no-such-region'), 404);
    expectOp('getRegion', await c.call('GET', '/api/v1/regions/Bad_Slug'), 404);
    expectOp('getRegion', await c.call('GET', `${R}?fy=2025`), 400);
  });

  await step(t, 'vision by fiscal year', async () => {
    const c = anon();
    const r7 = expectOp('getVision', await c.call('GET', `${R}/vision?fy=R7`), 200);
    assert.equal(r7.fiscal_year.year, 2025);
    const res = await c.call('GET', `${R}/vision?fy=${encodeURIComponent('令和8年度')}`);
    const r8 = expectOp('getVision', res, 200);
    assert.equal(r8.fiscal_year.year, 2026);
    expectOp('getVision', await c.call('GET', `${R}/vision?fy=2026`, { headers: { 'if-none-match': res.headers.get('etag') } }), 304);
    expectOp('getVision', await c.call('GET', `${R}/vision`), 200);
    const bad = expectOp('getVision', await c.call('GET', `${R}/vision?fy=xx`), 400);
    assert.equal(bad.type, '/problems/invalid-fiscal-year');
    const out = expectOp('getVision', await c.call('GET', `${R}/vision?fy=2040`), 400);
    assert.equal(out.type, '/problems/fiscal-year-out-of-range');
    expectOp('getVision', await c.call('GET', `${R}/vision?fy=2025&fy=2026`), 400);
    expectOp('getVision', await c.call('GET', '/api/v1/regions/nowhere/vision'), 404);
  });

  await step(t, 'search', async () => {
    const c = anon();
    const found = expectOp('searchRegion', await c.call('GET', `${R}/search?q=${encodeURIComponent('医療')}&limit=5`), 200);
    assert.ok(found.hits.length > 0 && found.hits.length <= 5);
    expectOp('searchRegion', await c.call('GET', `${R}/search?q=%20`), 400);
    expectOp('searchRegion', await c.call('GET', `${R}/search?q=a&limit=0`), 400);
    expectOp('searchRegion', await c.call('GET', '/api/v1/regions/nowhere/search?q=a'), 404);
  });

  await step(t, 'the served OpenAPI document', async () => {
    const res = await anon().call('GET', '/api/v1/openapi.json');
    const body = expectOp('getOpenApi', res, 200);
    assert.deepStrictEqual(body, JSON.parse(fs.readFileSync(jsonPath, 'utf8')),
      'the served /api/v1/openapi.json differs from docs/api/openapi.json');
  });

  // ---- sign-in ----
  const secretariat = users['demo-secretariat'];
  let sec; // the secretariat's signed-in client
  let adm; // the admin's
  await step(t, 'sign-in problems', async () => {
    const c = anon();
    expectOp('signIn', await c.call('POST', '/api/v1/session', { raw: '{}', contentType: 'text/plain' }), 415);
    expectOp('signIn', await c.call('POST', '/api/v1/session', { raw: '{"login":' }), 400);
    expectOp('signIn', await c.call('POST', '/api/v1/session', { raw: '{"login":"\xff"' }), 400);
    const v = expectOp('signIn', await c.call('POST', '/api/v1/session', { body: { login: 'x', extra: 1 } }), 422);
    assert.deepEqual(v.errors.map((e) => e.pointer).sort(), ['/extra', '/password']);
    expectOp('signIn', await c.call('POST', '/api/v1/session', { body: { login: 'demo-council', password: 'wrong' } }), 401);
    expectOp('getMe', await c.call('GET', '/api/v1/me'), 401);
  });

  await step(t, 'sign in with a one-time code', async () => {
    const c = anon();
    const info = expectOp('signIn', await c.call('POST', '/api/v1/session', {
      body: { login: secretariat.login, password: secretariat.password },
    }), 200);
    assert.equal(info.second_factor, 'required');
    c.csrf = info.csrf_token;
    const me = expectOp('getMe', await c.call('GET', '/api/v1/me'), 200);
    assert.equal(me.second_factor, 'required');
    expectOp('listAudit', await c.call('GET', `${R}/audit`), 401);
    const valid = new Set([-1, 0, 1].map((o) => totp(secretariat.secret, o)));
    let wrong = '000000';
    while (valid.has(wrong)) wrong = String(Number(wrong) + 1).padStart(6, '0');
    expectOp('verifySecondFactor', await c.call('POST', '/api/v1/session/totp', { body: { code: wrong } }), 401);
    expectOp('verifySecondFactor', await c.call('POST', '/api/v1/session/totp', { body: { code: 123456 } }), 422);
    const done = expectOp('verifySecondFactor', await c.call('POST', '/api/v1/session/totp', { body: { code: totp(secretariat.secret) } }), 200);
    assert.equal(done.second_factor, 'done');
    sec = c;
  });

  await step(t, 'TOTP enrolment and the user list (admin)', async () => {
    const c = anon();
    const info = expectOp('signIn', await c.call('POST', '/api/v1/session', { body: { login: users.admin.login, password: users.admin.password } }), 200);
    assert.equal(info.second_factor, 'enrol');
    c.csrf = info.csrf_token;
    expectOp('listUsers', await c.call('GET', '/api/v1/users'), 401);
    const enrol = expectOp('startTotpEnrolment', await c.call('POST', '/api/v1/me/totp'), 200);
    expectOp('confirmTotpEnrolment', await c.call('POST', '/api/v1/me/totp/confirm', { body: {} }), 422);
    expectOp('confirmTotpEnrolment', await c.call('POST', '/api/v1/me/totp/confirm', { body: { code: totp(enrol.secret) } }), 204);
    const me = expectOp('getMe', await c.call('GET', '/api/v1/me'), 200);
    assert.equal(me.second_factor, 'done');
    const list = expectOp('listUsers', await c.call('GET', '/api/v1/users'), 200);
    assert.ok(list.users.some((u) => u.login === users.admin.login && u.totp_enabled));
    expectOp('listUsers', await sec.call('GET', '/api/v1/users'), 403);
    adm = c;
  });

  await step(t, 'password change, sign out, sign out everywhere', async () => {
    const council = users['demo-council'];
    const { client: a } = await signIn(base, council);
    expectOp('changePassword', await a.call('POST', '/api/v1/me/password', { body: { current: council.password } }), 422);
    expectOp('changePassword', await a.call('POST', '/api/v1/me/password', { body: { current: council.password, new: 'x' } }), 422);
    expectOp('changePassword', await a.call('POST', '/api/v1/me/password', { body: { current: 'not-the-password', new: 'Another-long-pass-1' } }), 422);
    const fresh = `Yubari-${Date.now()}-melon`;
    expectOp('changePassword', await a.call('POST', '/api/v1/me/password', { body: { current: council.password, new: fresh } }), 204);
    council.password = fresh;
    expectOp('getMe', await a.call('GET', '/api/v1/me'), 200);
    const { client: b } = await signIn(base, council);
    expectOp('signOutEverywhere', await b.call('DELETE', '/api/v1/me/sessions', { headers: { 'x-csrf-token': 'wrong' } }), 403);
    expectOp('signOutEverywhere', await b.call('DELETE', '/api/v1/me/sessions'), 204);
    expectOp('getMe', await a.call('GET', '/api/v1/me'), 401);
    const { client: d } = await signIn(base, council);
    expectOp('signOut', await d.call('DELETE', '/api/v1/session'), 204);
    expectOp('signOut', await d.call('DELETE', '/api/v1/session'), 401);
  });

  // ---- editing (as the secretariat) ----
  assert.ok(sec && adm, 'the secretariat and the admin are signed in');
  await step(t, 'region: If-Match, CSRF, validation, size limit', async () => {
    expectOp('updateRegion', await anon().call('PATCH', R, { body: { name: 'x' } }), 401);
    expectOp('updateRegion', await sec.call('PATCH', R, { body: { name: 'x' }, headers: { 'x-csrf-token': '' } }), 403);
    expectOp('updateRegion', await sec.call('PATCH', R, { body: { name: 'x' } }), 428);
    const stale = await sec.call('PATCH', R, { body: { name: 'x' }, headers: { 'if-match': '"v999"' } });
    const p = expectOp('updateRegion', stale, 412);
    assert.equal(stale.headers.get('etag'), `"v${p.current.version}"`);
    const v = expectOp('updateRegion', await sec.call('PATCH', R, { body: { name: 1, bogus: true }, headers: { 'if-match': stale.headers.get('etag') } }), 422);
    assert.deepEqual(v.errors.map((e) => e.pointer).sort(), ['/bogus', '/name']);
    expectOp('updateRegion', await sec.call('PATCH', R, { raw: '[1,', headers: { 'if-match': stale.headers.get('etag') } }), 400);
    expectOp('updateRegion', await sec.call('PATCH', R, { raw: '{}', contentType: 'text/plain', headers: { 'if-match': stale.headers.get('etag') } }), 415);
    const ok = await sec.call('PATCH', R, { body: { vision_title: p.current.vision_title }, headers: { 'if-match': stale.headers.get('etag') } });
    const after = expectOp('updateRegion', ok, 200);
    assert.equal(after.version, p.current.version + 1);
    assert.equal(ok.headers.get('etag'), `"v${after.version}"`);
    const big = JSON.stringify({ name: 'x'.repeat(1100 * 1024) });
    let res;
    try {
      res = await sec.call('PATCH', R, { raw: big, headers: { 'if-match': ok.headers.get('etag') } });
    } catch (e) {
      res = undefined; // the server may close before reading the whole body
      t.diagnostic(`413 not observed: ${e.cause?.code ?? e.message}`);
    }
    if (res) expectOp('updateRegion', res, 413);
    expectOp('updateRegion', await sec.call('PATCH', '/api/v1/regions/nowhere', { body: {}, headers: { 'if-match': '"v1"' } }), 403);
    expectOp('updateRegion', await adm.call('PATCH', '/api/v1/regions/nowhere', { body: {}, headers: { 'if-match': '"v1"' } }), 404);
  });

  // Ids found or created below.
  const ids = {};
  const firstOf = async (opId, resource) => {
    const list = expectOp(opId, await sec.call('GET', `${R}/${resource}`), 200);
    assert.ok(list.items.length > 0, `no ${resource}`);
    return list.items[0];
  };

  const resources = [
    { name: 'municipalities', unique: true, one: 'Municipality', list: 'listMunicipalities', key: (r) => r.code,
      create: () => ({ code: '01100', name: '札幌市', kind: '市', role: '構成市町' }), patch: { name: '札幌市（テスト）' }, missing: '99999' },
    { name: 'agreements', unique: true, one: 'Agreement', list: 'listAgreements', key: (r) => r.id,
      create: () => ({ kind: 'other', title: '契約テスト協定', municipality: null, signed_on: '2025-04-01' }), patch: { note: '変更テスト', resolved_on: '2025-03-10' }, missing: '999999' },
    { name: 'policy-areas', one: 'PolicyArea', list: 'listPolicyAreas', key: (r) => r.id, create: null, patch: null, missing: '999999' },
    { name: 'fields', unique: true, one: 'Field', list: 'listFields', key: (r) => r.id,
      create: () => ({ policy_area_id: ids.policyArea, name: '契約テスト分野' }), patch: { name: '契約テスト分野2' }, missing: '999999' },
    { name: 'categories', one: 'Category', list: 'listCategories', key: (r) => r.id,
      create: () => ({ field_id: ids.field, name: '契約テストカテゴリ', note: 'テスト' }), patch: { note: '変更' }, missing: '999999' },
    { name: 'initiatives', one: 'Initiative', list: 'listInitiatives', key: (r) => r.id,
      create: () => ({ category_id: ids.category, fiscal_year: 2025, text: '契約テストの取組' }), patch: { text: '契約テストの取組（変更）' }, missing: '999999' },
    { name: 'actions', one: 'Action', list: 'listActions', key: (r) => r.id,
      create: () => ({ category_id: ids.category, fiscal_year: 2025, text: '契約テストの事業', lead: '01210', participants: ['01210'], viewpoints: [1, 3], initiative_id: null }),
      patch: { funding: '特別交付税', all_participate: false }, missing: '999999' },
  ];
  const created = {};
  const existing = {};

  for (const r of resources) {
    await step(t, `${r.name}: list, get, create, update`, async () => {
      const first = await firstOf(r.list, r.name);
      const one = await sec.call('GET', `${R}/${r.name}/${r.key(first)}`);
      const got = expectOp(`get${r.one}`, one, 200);
      assert.equal(one.headers.get('etag'), `"v${got.version}"`);
      expectOp(`get${r.one}`, await sec.call('GET', `${R}/${r.name}/${r.missing}`), 404);
      expectOp(r.list, await sec.call('GET', `/api/v1/regions/nowhere/${r.name}`), 403);
      expectOp(r.list, await adm.call('GET', `/api/v1/regions/nowhere/${r.name}`), 404);
      expectOp(r.list, await anon().call('GET', `${R}/${r.name}`), 401);
      if (r.name === 'policy-areas') ids.policyArea = first.id;
      existing[r.name] = got;
      let target = got;
      let etag = one.headers.get('etag');
      if (r.create) {
        const bad = expectOp(`create${r.one}`, await sec.call('POST', `${R}/${r.name}`, { body: { bogus: 1 } }), 422);
        assert.ok(bad.errors.some((e) => e.pointer === '/bogus'));
        const res = await sec.call('POST', `${R}/${r.name}`, { body: r.create() });
        if (r.name === 'categories' && res.status === 422 && /"pointer":"\/stages"/.test(res.text)) {
          // A new category has no stage yet, and the region rules require one.
          expectOp('createCategory', res, 422);
          t.diagnostic('POST categories cannot succeed: a new category has no stage and the region rules require one; using an existing category');
          ids.category = got.id;
        } else {
          target = expectOp(`create${r.one}`, res, 201);
          etag = res.headers.get('etag');
          assert.equal(etag, `"v${target.version}"`);
          created[r.name] = target;
          if (r.name === 'fields') ids.field = target.id;
          if (r.name === 'categories') ids.category = target.id;
        }
        if (r.unique) expectOp(`create${r.one}`, await sec.call('POST', `${R}/${r.name}`, { body: r.create() }),
          409);
      }
      const item = `${R}/${r.name}/${r.key(target)}`;
      const patch = r.patch ?? { name: target.name };
      expectOp(`update${r.one}`, await sec.call('PATCH', item, { body: patch }), 428);
      expectOp(`update${r.one}`, await sec.call('PATCH', item, { body: patch, headers: { 'if-match': '"v999"' } }), 412);
      expectOp(`update${r.one}`, await sec.call('PATCH', item, { body: { id: 5, nope: [] }, headers: { 'if-match': etag } }), 422);
      const res = await sec.call('PATCH', item, { body: patch, headers: { 'if-match': etag } });
      const after = expectOp(`update${r.one}`, res, 200);
      assert.equal(after.version, target.version + 1);
      if (created[r.name]) created[r.name] = after;
      const forbidden = await signIn(base, users['demo-01423']);
      expectOp(`update${r.one}`, await forbidden.client.call('PATCH', item, { body: patch, headers: { 'if-match': res.headers.get('etag') } }), 403);
    });
  }

  await step(t, 'category stages and years', async () => {
    const catRes = await sec.call('GET', `${R}/categories/${ids.category}`);
    const cat = expectOp('getCategory', catRes, 200);
    const item = `${R}/categories/${cat.id}`;
    expectOp('addCategoryStage', await sec.call('POST', `${item}/stages`, { body: { stage: 'ended', from_fiscal_year: 2029 } }), 428);
    expectOp('addCategoryStage', await sec.call('POST', `${item}/stages`, { body: { stage: 'started' }, headers: { 'if-match': catRes.headers.get('etag') } }), 422);
    const addRes = await sec.call('POST', `${item}/stages`, { body: { stage: 'ended', from_fiscal_year: 2029 }, headers: { 'if-match': catRes.headers.get('etag') } });
    const added = expectOp('addCategoryStage', addRes, 200);
    assert.ok(added.stages.some((s) => s.stage === 'ended' && s.from_fiscal_year === 2029));
    expectOp('removeCategoryStage', await sec.call('DELETE', `${item}/stages/R11`, { headers: { 'if-match': catRes.headers.get('etag') } }), 412);
    expectOp('removeCategoryStage', await sec.call('DELETE', `${item}/stages/2028`, { headers: { 'if-match': addRes.headers.get('etag') } }), 404);
    expectOp('removeCategoryStage', await sec.call('DELETE', `${item}/stages/xx`, { headers: { 'if-match': addRes.headers.get('etag') } }), 400);
    const removed = expectOp('removeCategoryStage', await sec.call('DELETE', `${item}/stages/R11`, { headers: { 'if-match': addRes.headers.get('etag') } }), 200);
    assert.ok(!removed.stages.some((s) => s.from_fiscal_year === 2029));
    if (created.categories) created.categories = removed;

    const year = `${R}/categories/${existing.categories.id}/years/2025`;
    const yres = await sec.call('GET', year);
    const y = expectOp('getCategoryYear', yres, 200);
    expectOp('getCategoryYear', await sec.call('GET', `${R}/categories/${existing.categories.id}/years/xx`), 400);
    expectOp('getCategoryYear', await sec.call('GET', `${R}/categories/${existing.categories.id}/years/1900`), 400);
    expectOp('getCategoryYear', await sec.call('GET', `${R}/categories/${existing.categories.id}/years/2200`), 404);
    expectOp('putCategoryYear', await sec.call('PUT', year, { body: { direction: y.direction } }), 428);
    expectOp('putCategoryYear', await sec.call('PUT', year, { body: { topics: [''] }, headers: { 'if-match': yres.headers.get('etag') } }), 422);
    const put = expectOp('putCategoryYear', await sec.call('PUT', year, { body: { direction: y.direction, topics: ['契約テスト'] }, headers: { 'if-match': yres.headers.get('etag') } }), 200);
    assert.deepEqual(put.topics, ['契約テスト']);
    const fresh = expectOp('putCategoryYear', await sec.call('PUT', `${R}/categories/${cat.id}/years/2027`, { body: { direction: '新しい年度' } }), 200);
    assert.equal(fresh.fiscal_year, 2027);
  });

  await step(t, 'action participants', async () => {
    const a = created.actions;
    const p = `${R}/actions/${a.id}/participants/01209`;
    expectOp('addActionParticipant', await sec.call('PUT', p), 428);
    const joined = expectOp('addActionParticipant', await sec.call('PUT', p, { headers: { 'if-match': `"v${a.version}"` } }), 200);
    assert.ok(joined.participants.includes('01209'));
    expectOp('removeActionParticipant', await sec.call('DELETE', p, { headers: { 'if-match': `"v${a.version}"` } }), 412);
    const town = await signIn(base, users['demo-01423']);
    expectOp('removeActionParticipant', await town.client.call('DELETE', p, { headers: { 'if-match': `"v${joined.version}"` } }), 403);
    const left = expectOp('removeActionParticipant', await sec.call('DELETE', p, { headers: { 'if-match': `"v${joined.version}"` } }), 200);
    assert.ok(!left.participants.includes('01209'));
    // If-Match: * matches the current version (RFC 9110).
    const star = expectOp('addActionParticipant', await sec.call('PUT', p, { headers: { 'if-match': '*' } }), 200);
    assert.ok(star.participants.includes('01209'));
    const back = expectOp('removeActionParticipant', await sec.call('DELETE', p, { headers: { 'if-match': '*' } }), 200);
    created.actions = back;
    // Nobody leaves an action all towns take part in: 409.
    const all = expectOp('updateAction', await sec.call('PATCH', `${R}/actions/${a.id}`, { body: { all_participate: true, participants: [] }, headers: { 'if-match': `"v${back.version}"` } }), 200);
    expectOp('removeActionParticipant', await sec.call('DELETE', p, { headers: { 'if-match': `"v${all.version}"` } }), 409);
    created.actions = expectOp('updateAction', await sec.call('PATCH', `${R}/actions/${a.id}`, { body: { all_participate: false, participants: back.participants }, headers: { 'if-match': `"v${all.version}"` } }), 200);
    expectOp('addActionParticipant', await sec.call('PUT', `${R}/actions/999999/participants/01209`, { headers: { 'if-match': '"v1"' } }), 404);
  });

  await step(t, 'dashboard, KPIs and their actuals', async () => {
    const c = anon();
    const dash = await c.call('GET', `${R}/dashboard?fy=2025`);
    const d = expectOp('getDashboard', dash, 200);
    assert.equal(d.counts.fields, 9);
    expectOp('getDashboard', await c.call('GET', `${R}/dashboard?fy=R7`, { headers: { 'if-none-match': dash.headers.get('etag') } }), 304);
    expectOp('getDashboard', await c.call('GET', `${R}/dashboard?fy=R7x`), 400);
    expectOp('getDashboard', await c.call('GET', '/api/v1/regions/nowhere/dashboard'), 404);

    const listed = await c.call('GET', `${R}/kpis?fy=2025`);
    const list = expectOp('listKpis', listed, 200);
    assert.ok(list.items.length > 0 && list.items.every((k) => k.sample === true));
    expectOp('listKpis', await c.call('GET', `${R}/kpis?fy=2025`, { headers: { 'if-none-match': listed.headers.get('etag') } }), 304);
    expectOp('listKpis', await c.call('GET', `${R}/kpis?fy=R7x`), 400);
    expectOp('listKpis', await c.call('GET', '/api/v1/regions/nowhere/kpis'), 404);
    const summed = list.items.find((k) => k.summed);
    const single = list.items.find((k) => !k.summed);
    const series = await c.call('GET', `${R}/kpis/${summed.id}/series`);
    const sr = expectOp('getKpiSeries', series, 200);
    assert.ok(sr.years.length > 1 && sr.years[1].by_municipality.length >= 9);
    expectOp('getKpiSeries', await c.call('GET', `${R}/kpis/${summed.id}/series`, { headers: { 'if-none-match': series.headers.get('etag') } }), 304);
    expectOp('getKpiSeries', await c.call('GET', `${R}/kpis/999999/series`), 404);
    expectOp('getKpiSeries', await c.call('GET', `${R}/kpis/${summed.id}/series?x=1`), 400);

    const one = `${R}/kpis/${single.id}/actuals/2027`;
    expectOp('putKpiActual', await c.call('PUT', one, { body: { value: '30' } }), 401);
    const made = expectOp('putKpiActual', await sec.call('PUT', one, { body: { value: '30.9', note: '契約' } }), 200);
    expectOp('putKpiActual', await sec.call('PUT', one, { body: { value: '30.8' } }), 428);
    expectOp('putKpiActual', await sec.call('PUT', one, { body: { value: '30.8' }, headers: { 'if-match': '"v99"' } }), 412);
    expectOp('putKpiActual', await sec.call('PUT', one, { body: { value: '1,2', extra: 1 }, headers: { 'if-match': `"v${made.version}"` } }), 422);
    expectOp('putKpiActual', await sec.call('PUT', one, { raw: '{"value":', headers: { 'if-match': `"v${made.version}"` } }), 400);
    expectOp('putKpiActual', await sec.call('PUT', one, { raw: 'value=1', contentType: 'text/plain' }), 415);
    expectOp('putKpiActual', await sec.call('PUT', one, { raw: `{"value":"${'1'.repeat(2 * 1024 * 1024)}"}` }), 413);
    expectOp('putKpiActual', await sec.call('PUT', `${R}/kpis/999999/actuals/2027`, { body: { value: '1' } }), 404);
    expectOp('putKpiActual', await sec.call('PUT', one, { body: { value: '30.8' }, headers: { 'if-match': `"v${made.version}"` } }), 200);

    const townPath = `${R}/kpis/${summed.id}/actuals/2027/01423`;
    const town = await signIn(base, users['demo-01423']);
    expectOp('putKpiTownActual', await town.client.call('PUT', `${R}/kpis/${summed.id}/actuals/2027/01209`, { body: { value: '3' } }), 403);
    const own = expectOp('putKpiTownActual', await town.client.call('PUT', townPath, { body: { value: '12' } }), 200);
    assert.equal(own.municipality, '01423');
    expectOp('putKpiTownActual', await town.client.call('PUT', townPath, { body: { value: '13' } }), 428);
    expectOp('putKpiTownActual', await town.client.call('PUT', townPath, { body: { value: '13' }, headers: { 'if-match': '"v99"' } }), 412);
    expectOp('putKpiTownActual', await town.client.call('PUT', townPath, { body: { value: 'x' }, headers: { 'if-match': `"v${own.version}"` } }), 422);
    expectOp('putKpiTownActual', await town.client.call('PUT', townPath, { raw: '{', headers: { 'if-match': `"v${own.version}"` } }), 400);
    expectOp('putKpiTownActual', await town.client.call('PUT', townPath, { raw: 'v', contentType: 'text/plain' }), 415);
    expectOp('putKpiTownActual', await town.client.call('PUT', townPath, { raw: `{"value":"${'1'.repeat(2 * 1024 * 1024)}"}` }), 413);
    expectOp('putKpiTownActual', await sec.call('PUT', `${R}/kpis/999999/actuals/2027/01423`, { body: { value: '1' } }), 404);
    expectOp('putKpiTownActual', await anon().call('PUT', townPath, { body: { value: '1' } }), 401);
  });

  await step(t, 'deleting records', async () => {
    // Children first: a category with content cannot go before its actions and initiatives.
    for (const r of [...resources].reverse()) {
      if (!r.create) continue;
      const rec = created[r.name];
      if (!rec) {
        // Nothing of our own to delete (see above): only the preconditions.
        const item = `${R}/${r.name}/${r.key(existing[r.name])}`;
        expectOp(`delete${r.one}`, await sec.call('DELETE', item), 428);
        expectOp(`delete${r.one}`, await sec.call('DELETE', item, { headers: { 'if-match': '"v999"' } }), 412);
        continue;
      }
      const item = `${R}/${r.name}/${r.key(rec)}`;
      expectOp(`delete${r.one}`, await sec.call('DELETE', item), 428);
      expectOp(`delete${r.one}`, await sec.call('DELETE', item, { headers: { 'if-match': `"v${rec.version + 7}"` } }), 412);
      expectOp(`delete${r.one}`, await sec.call('DELETE', item, { headers: { 'if-match': `"v${rec.version}"` } }), 204);
      expectOp(`get${r.one}`, await sec.call('GET', item), 404);
      expectOp(`delete${r.one}`, await sec.call('DELETE', item, { headers: { 'if-match': `"v${rec.version}"` } }), 404);
    }
  });

  await step(t, 'audit trail', async () => {
    const all = expectOp('listAudit', await sec.call('GET', `${R}/audit?limit=50`), 200);
    assert.ok(all.entries.length > 5);
    const actions = expectOp('listAudit', await sec.call('GET', `${R}/audit?record_type=action&actor=demo-secretariat&limit=5`), 200);
    assert.ok(actions.entries.every((e) => e.record_type === 'action'));
    expectOp('listAudit', await sec.call('GET', `${R}/audit?before=${all.entries[0].id}&limit=1`), 200);
    expectOp('listAudit', await sec.call('GET', `${R}/audit?limit=0`), 400);
    expectOp('listAudit', await sec.call('GET', `${R}/audit?since=1`), 400);
    for (const bad of ['from=yesterday', 'to=2025-13-01', 'record_type=DROP', 'before=1x']) {
      const problem = expectOp('listAudit', await sec.call('GET', `${R}/audit?${bad}`), 400);
      assert.equal(problem.errors[0].pointer, bad.split('=')[0]);
    }
    expectOp('listAudit', await sec.call('GET', `${R}/audit?from=2025-04-01&to=2099-01-01T00:00:00Z`), 200);
    const town = await signIn(base, users['demo-01423']);
    expectOp('listAudit', await town.client.call('GET', `${R}/audit`), 403);
  });

  await step(t, 'sign-in throttling', async () => {
    // Last: failures also count against this address.
    const c = anon();
    let res;
    for (let i = 0; i < 6; i += 1) {
      res = await c.call('POST', '/api/v1/session', { body: { login: 'contract-nobody', password: `wrong-${i}` } });
      if (res.status === 429) break;
      expectOp('signIn', res, 401);
    }
    expectOp('signIn', res, 429);
  });

  await t.test('every documented operation was exercised', () => {
    const missed = [...contract.operations.keys()].filter((id) => !exercised.has(id));
    assert.deepEqual(missed, [], 'operations in docs/api/openapi.yaml without a contract check');
    if (notImplemented.size) t.diagnostic(`not implemented yet: ${[...notImplemented].join(', ')}`);
  });
}
