// Paved's catalog side by side with Backstage's catalog backend, on the same generated
// catalog-info.yaml (generate.mjs: 10,000 Components, 500 Groups).
//
// For each system: start it on 127.0.0.1, ingest the file, then one keep-alive connection
// measures, one request at a time, each route for at most REQUESTS requests or SECONDS seconds:
// by-name lookup, owner-filtered list and owner facets (req/s, p50, p99); and the server's
// VmRSS after the import and the highest VmRSS sampled while under load.
//
// Usage: node bench.mjs [--paved-only] [PAVED_BIN]      (PAVED_BIN also from the environment)
// Env: REQUESTS (2000), SECONDS (10), WARMUP (200 requests, at most 3 s), COMPONENTS (10000), TEAMS (500 Groups),
//      INGEST_TIMEOUT (1800 s, each system), KEEP_DIR=1 keeps the temporary directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const pavedOnly = args.includes('--paved-only') || process.env.PAVED_ONLY === '1';
const pavedBin = resolve(args.find((a) => !a.startsWith('--')) ?? process.env.PAVED_BIN ?? 'build/src/cli/paved');
const env = (name, dflt) => Number(process.env[name] ?? dflt);
const REQUESTS = env('REQUESTS', 2000);
const SECONDS = env('SECONDS', 10);
const WARMUP = env('WARMUP', 200);
const COMPONENTS = env('COMPONENTS', 10000);
const GROUPS = env('TEAMS', 500);
const INGEST_TIMEOUT = env('INGEST_TIMEOUT', 1800);

const dir = mkdtempSync(join(tmpdir(), 'paved-bs-bench-'));
const children = new Set();

function cleanup() {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
  children.clear();
  if (process.env.KEEP_DIR === '1') console.error(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

function rssKiB(pid, field = 'VmRSS') {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+)`));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}
const mib = (kib) => kib / 1024;

// User + system CPU time of a process, in seconds (/proc/PID/stat, clock ticks of 1/100 s).
function cpuSeconds(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];

function start(name, cmd, argv, options) {
  const out = createWriteStream(join(dir, `${name}.log`));
  const child = spawn(cmd, argv, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let text = '';
  const collect = (d) => {
    out.write(d);
    if (text.length < 1 << 16) text += d.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  child.on('exit', (code, sig) => {
    children.delete(child);
    if (!child.stopping) log(`${name} exited (${code ?? sig}); log: ${join(dir, `${name}.log`)}`);
  });
  return { child, output: () => text };
}

async function stop(proc) {
  proc.child.stopping = true;
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  const exited = new Promise((r) => proc.child.once('exit', r));
  proc.child.kill('SIGTERM');
  if (await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])) return;
  proc.child.kill('SIGKILL');
  await exited;
}

// One keep-alive connection: every request of the benchmark goes through this agent, in turn.
let agent;
function freshAgent() {
  agent?.destroy();
  agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
}
freshAgent();

function request(base, path, { method = 'GET', headers = {}, body, timeout = 120000 } = {}) {
  return new Promise((resolvePromise, reject) => {
    const url = new URL(path, base);
    const req = http.request(
      url,
      { method, agent, headers: { ...headers, ...(body ? { 'Content-Length': Buffer.byteLength(body) } : {}) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolvePromise({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(timeout, () => req.destroy(new Error(`timeout: ${method} ${path}`)));
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

async function json(base, path, options) {
  const r = await request(base, path, options);
  if (r.status < 200 || r.status >= 300) throw new Error(`${options?.method ?? 'GET'} ${path}: ${r.status} ${r.body.slice(0, 300)}`);
  return JSON.parse(r.body);
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// Runs one route: WARMUP requests (at most 3 s), then until REQUESTS or SECONDS, one at a time; samples the
// server's VmRSS every 100 ms meanwhile.
async function measure(base, headers, pid, route, pathFor, rss) {
  const warmEnd = Date.now() + 3000;
  for (let i = 0; i < WARMUP && Date.now() < warmEnd; ++i) await request(base, pathFor(i), { headers });
  const lat = [];
  let bad = 0;
  const sampler = setInterval(() => rss.push(rssKiB(pid)), 100);
  const t0 = process.hrtime.bigint();
  const deadline = t0 + BigInt(SECONDS * 1e9);
  let now = t0;
  for (let i = 0; i < REQUESTS && now < deadline; ++i) {
    const s = process.hrtime.bigint();
    const r = await request(base, pathFor(i + WARMUP), { headers });
    now = process.hrtime.bigint();
    if (r.status !== 200) bad++;
    lat.push(Number(now - s) / 1e6);
  }
  clearInterval(sampler);
  rss.push(rssKiB(pid));
  const secs = Number(now - t0) / 1e9;
  lat.sort((a, b) => a - b);
  const res = { route, n: lat.length, bad, rps: lat.length / secs, p50: percentile(lat, 50), p99: percentile(lat, 99) };
  log(`${route}: ${res.n} requests, ${res.rps.toFixed(0)} req/s, p50 ${res.p50.toFixed(2)} ms, p99 ${res.p99.toFixed(2)} ms, non-200 ${bad}`);
  return res;
}

// Spreads requests over names and owners (a fixed stride, so both systems see the same order).
const compName = (i) => `svc-${(i * 7919) % COMPONENTS}`;
const groupName = (i) => `team-${(i * 131) % GROUPS}`;

async function freePort() {
  const srv = http.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

async function runBackstage(catalogPath) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = join(dir, 'app-config.yaml');
  writeFileSync(
    config,
    `app:
  baseUrl: http://127.0.0.1:3000
backend:
  baseUrl: ${base}
  listen:
    host: 127.0.0.1
    port: ${port}
  database:
    client: better-sqlite3
    connection: ':memory:'
  auth:
    dangerouslyDisableDefaultAuthPolicy: true
catalog:
  processingInterval: { hours: 1 }
  rules:
    - allow: [Component, Group, User, System, Domain, API, Resource, Location]
  locations:
    - type: file
      target: ${catalogPath}
`,
  );
  log(`backstage: starting on ${base}`);
  const t0 = Date.now();
  const proc = start('backstage', process.execPath, [join(here, 'backend.mjs'), '--config', config], {
    cwd: here, // backend-defaults looks for the package root upwards from here
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  });
  const pid = proc.child.pid;
  let ready = 0;
  let lastLog = Date.now();
  let counts = { component: 0, group: 0 };
  const count = async (kind) =>
    (await json(base, `/api/catalog/entities/by-query?filter=kind=${kind}&limit=1&fields=metadata.name`)).totalItems;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`backstage exited:\n${proc.output().slice(-4000)}`);
    if ((Date.now() - t0) / 1000 > INGEST_TIMEOUT) throw new Error(`backstage: ingestion not done after ${INGEST_TIMEOUT} s: ${JSON.stringify(counts)}`);
    try {
      counts = { component: await count('component'), group: await count('group') };
      if (!ready) {
        ready = Date.now();
        log(`backstage: up after ${((ready - t0) / 1000).toFixed(1)} s`);
      }
      if (counts.component >= COMPONENTS && counts.group >= GROUPS) break;
      if (Date.now() - lastLog >= 30000) {
        lastLog = Date.now();
        log(`backstage: ${counts.component} components, ${counts.group} groups processed, VmRSS ${mib(rssKiB(pid)).toFixed(0)} MiB`);
      }
    } catch (e) {
      if (ready) log(`backstage: ${e.message} (polling again)`);
      freshAgent();
    }
    await sleep(ready ? 1000 : 250);
  }
  const ingest = (Date.now() - ready) / 1000;
  log(`backstage: ${counts.component} components, ${counts.group} groups processed ${ingest.toFixed(1)} s after start-up`);
  // Let the last stitching and the processing loop's bookkeeping finish before measuring: wait
  // (at most 60 s) for a 2-second window in which the backend used under 10 % of a core.
  for (let waited = 0; waited < 60; waited += 2) {
    const before = cpuSeconds(pid);
    await sleep(2000);
    const busy = (cpuSeconds(pid) - before) / 2;
    if (busy < 0.1) break;
    log(`backstage: still busy after ingest (${(busy * 100).toFixed(0)} % of a core)`);
  }
  freshAgent(); // the idle connection may have been closed by the server meanwhile
  const rssImport = rssKiB(pid);

  const headers = { Accept: 'application/json' };
  // Sanity: the answers are what the routes promise.
  const one = await json(base, `/api/catalog/entities/by-name/component/default/${compName(1)}`, { headers });
  const owned = await json(base, `/api/catalog/entities?filter=kind=component,spec.owner=group:default/${groupName(1)}`, { headers });
  const queried = await json(base, `/api/catalog/entities/by-query?filter=kind=component,spec.owner=group:default/${groupName(1)}`, { headers });
  const facets = await json(base, '/api/catalog/entity-facets?facet=spec.owner', { headers });
  log(`backstage: ${one.metadata.name} owned by ${one.spec.owner}; ${groupName(1)} owns ${owned.length} (by-query: ${queried.items.length} of ${queried.totalItems}); ${facets.facets['spec.owner'].length} owners in facets`);

  const rss = [];
  const load0 = loadavg();
  const results = [
    await measure(base, headers, pid, 'by name', (i) => `/api/catalog/entities/by-name/component/default/${compName(i)}`, rss),
    await measure(base, headers, pid, 'by owner', (i) => `/api/catalog/entities?filter=kind=component,spec.owner=group:default/${groupName(i)}`, rss),
    await measure(base, headers, pid, 'by owner, by-query', (i) => `/api/catalog/entities/by-query?filter=kind=component,spec.owner=group:default/${groupName(i)}`, rss),
    await measure(base, headers, pid, 'owner facets', () => '/api/catalog/entity-facets?facet=spec.owner', rss),
    await measure(base, headers, pid, 'four facets', () => '/api/catalog/entity-facets?facet=spec.owner&facet=spec.lifecycle&facet=spec.system&facet=metadata.tags', rss),
  ];
  const load = `${load0} → ${loadavg()}`;
  const out = { name: 'Backstage', load, startup: (ready - t0) / 1000, ingest, rssImport, rssLoad: Math.max(...rss.filter((x) => !isNaN(x))), hwm: rssKiB(pid, 'VmHWM'), results };
  freshAgent();
  await stop(proc);
  return out;
}

async function runPaved(catalogPath) {
  const dataDir = join(dir, 'paved-data');
  log(`paved: starting ${pavedBin}`);
  const t0 = Date.now();
  const proc = start('paved', pavedBin, ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir], {
    cwd: dir,
    env: { ...process.env, PAVED_ADMIN_PASSWORD: 'bench-pw' },
  });
  const pid = proc.child.pid;
  let base;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`paved exited:\n${proc.output().slice(-4000)}`);
    const m = proc.output().match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    if (m) {
      base = m[1];
      break;
    }
    if (Date.now() - t0 > 60000) throw new Error(`paved did not start:\n${proc.output()}`);
    await sleep(100);
  }
  const ready = Date.now();
  log(`paved: up on ${base} after ${((ready - t0) / 1000).toFixed(1)} s`);
  const login = await request(base, '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: 'admin', password: 'bench-pw' }),
  });
  if (login.status !== 200) throw new Error(`paved login: ${login.status} ${login.body}`);
  const cookie = [].concat(login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  const csrf = JSON.parse(login.body).csrf_token;
  const tok = await json(base, '/api/v1/tokens', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
    body: JSON.stringify({ name: 'bench' }),
  });
  const headers = { Authorization: `Bearer ${tok.token}`, Accept: 'application/json' };

  // The file by path (an admin may name a server-side path), as Backstage reads its location.
  const i0 = Date.now();
  const imported = await request(base, '/api/v1/catalog/import?location=bench', {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: catalogPath }),
    timeout: INGEST_TIMEOUT * 1000,
  });
  const ingest = (Date.now() - i0) / 1000;
  if (imported.status !== 200) throw new Error(`paved import: ${imported.status} ${imported.body.slice(0, 2000)}`);
  const summary = JSON.parse(imported.body);
  const n = (k) => (Array.isArray(summary[k]) ? summary[k].length : summary[k]);
  log(`paved: import ${ingest.toFixed(1)} s: created ${n('created')}, updated ${n('updated')}, errors ${n('errors')}`);
  const rssImport = rssKiB(pid);

  const one = await json(base, `/api/v1/projects/${compName(1)}`, { headers });
  const owned = await json(base, `/api/v1/projects?owner=${groupName(1)}`, { headers });
  const facets = await json(base, '/api/v1/projects?facets=true&limit=1', { headers });
  log(`paved: ${one.slug} owned by ${one.owner_team}; ${groupName(1)} owns ${owned.items.length}; ${Object.keys(facets.facets.owner).length} owners in facets`);

  const rss = [];
  const load0 = loadavg();
  const results = [
    await measure(base, headers, pid, 'by name', (i) => `/api/v1/projects/${compName(i)}`, rss),
    await measure(base, headers, pid, 'by owner', (i) => `/api/v1/projects?owner=${groupName(i)}`, rss),
    // One request answers owner, lifecycle, system and tag facets (and a page of one project).
    await measure(base, headers, pid, 'facets', () => '/api/v1/projects?facets=true&limit=1', rss),
  ];
  const load = `${load0} → ${loadavg()}`;
  const out = { name: 'Paved', load, startup: (ready - t0) / 1000, ingest, rssImport, rssLoad: Math.max(...rss.filter((x) => !isNaN(x))), hwm: rssKiB(pid, 'VmHWM'), results };
  freshAgent();
  await stop(proc);
  return out;
}

function table(runs) {
  const [p, b] = [runs.find((r) => r.name === 'Paved'), runs.find((r) => r.name === 'Backstage')];
  const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');
  const ratio = (x, y) => (b && Number.isFinite(x) && Number.isFinite(y) && y > 0 ? `${(x / y).toFixed(2)}×` : '–');
  const lines = [];
  const head = ['figure', ...runs.map((r) => r.name), ...(b && p ? ['Paved/Backstage'] : [])];
  lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
  const row = (label, get, d) => {
    const vals = runs.map(get);
    lines.push(`| ${label} | ${vals.map((v) => f(v, d)).join(' | ')}${b && p ? ` | ${ratio(get(p), get(b))}` : ''} |`);
  };
  row(`ingest ${(COMPONENTS + GROUPS).toLocaleString('en-US')} entities, s`, (r) => r.ingest, 1);
  // [label, Backstage's route, Paved's route answering the same question]
  const routes = [
    ['by name', 'by name', 'by name'],
    ['by owner (Backstage `entities?filter=`)', 'by owner', 'by owner'],
    ['by owner (Backstage `by-query`)', 'by owner, by-query', 'by owner'],
    ['owner facets (Paved: all four)', 'owner facets', 'facets'],
    ['owner, lifecycle, system, tag facets', 'four facets', 'facets'],
  ];
  const shown = b ? routes : [...new Set(routes.map((r) => r[2]))].map((r) => [r, r, r]);
  for (const [label, bRoute, pRoute] of shown) {
    const g = (r) => r.results.find((x) => x.route === (r.name === 'Paved' ? pRoute : bRoute)) ?? {};
    row(`${label}: req/s`, (r) => g(r).rps, 0);
    row(`${label}: p50 ms`, (r) => g(r).p50, 2);
    row(`${label}: p99 ms`, (r) => g(r).p99, 2);
  }
  row('RSS after ingest, MiB', (r) => mib(r.rssImport), 0);
  row('RSS under load (max), MiB', (r) => mib(r.rssLoad), 0);
  row('peak RSS (VmHWM), MiB', (r) => mib(r.hwm), 0);
  lines.push(`| load average (1 min), measurement start → end | ${runs.map((r) => r.load).join(' | ')}${b && p ? ' | ' : ''} |`);
  const bad = runs.flatMap((r) => r.results.filter((x) => x.bad).map((x) => `${r.name} ${x.route}: ${x.bad} non-200`));
  return lines.join('\n') + (bad.length ? `\n\n${bad.join('\n')}` : '');
}

async function main() {
  const catalogPath = join(dir, 'catalog-info.yaml');
  writeFileSync(catalogPath, generate(COMPONENTS, GROUPS));
  log(`catalog: ${COMPONENTS} Components, ${GROUPS} Groups -> ${catalogPath}`);
  log(`each route: ${WARMUP} warm-up (at most 3 s), then at most ${REQUESTS} requests or ${SECONDS} s, one connection`);
  const runs = [];
  if (!pavedOnly) runs.push(await runBackstage(catalogPath));
  runs.push(await runPaved(catalogPath));
  console.log(table(runs));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e.stack ?? e);
    process.exit(1);
  },
);
