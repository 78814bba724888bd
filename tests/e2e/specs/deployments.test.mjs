// Browser tests of deployments, the "done when": an artifact pushed by CI is deployed to
// alpha from the Deployments tab, the running app is opened from the Workloads tab, promoted to
// production, refused when its requester approves it, approved by an SRE from the Approvals
// inbox, and a production rollback (approved again) shows up in the history.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { adminApi, userApi } from '../lib/api.mjs';
import { launchBrowser, runInPage, screenshot } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { eventually } from '../lib/wait.mjs';

const kProject = 'chat-gateway';
const kImage = 'registry.example.com/chat-gateway';
const kDigest1 = `sha256:${'a1'.repeat(32)}`;
const kDigest2 = `sha256:${'b2'.repeat(32)}`;
const kSre = { login: 'sre-e2e', password: 'e2e-sre-Secret-42' };
const kRolloutMs = 90_000;

function artifact(digest, sha) {
  return {
    image: kImage,
    digest,
    git_sha: sha,
    commit_time: new Date(Date.now() - 3_600_000).toISOString(),
    built_by: 'ci-e2e',
  };
}

/**
 * Stops the demo app's processes listening on `ports`: the local runtime keeps instances running
 * when `paved serve` stops (a restarted server adopts them), but the test's data directory goes.
 * Linux only: finds the listening socket's inode in /proc/net/tcp*, then its process.
 */
function stopLocalInstances(ports) {
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue;
      const port = parseInt(cols[1].split(':')[1], 16);
      if (ports.has(port)) inodes.add(`socket:[${cols[9]}]`);
    }
  }
  if (inodes.size === 0) return;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('http.server')) continue;
      const fds = fs.readdirSync(`/proc/${pid}/fd`);
      if (fds.some((fd) => inodes.has(fs.readlinkSync(`/proc/${pid}/fd/${fd}`)))) {
        process.kill(Number(pid), 'SIGTERM');
      }
    } catch {
      // The process ended meanwhile, or is not ours to read.
    }
  }
}

describe('deployments', () => {
  let server;
  let browser;
  let api;
  let sreApi;
  /** Why the tests skip themselves (the server has no deployments API), or null. */
  let unavailable = null;
  const ids = {};

  before(async () => {
    server = await startServer('deployments');
    browser = await launchBrowser();
    api = await adminApi(server.url);
    const pushed = await api.call(
      'POST',
      `/api/v1/projects/${kProject}/artifacts`,
      artifact(kDigest1, '1111111'),
    );
    if (pushed.status === 404) {
      unavailable =
        `POST /api/v1/projects/${kProject}/artifacts answered 404 ` +
        `(${JSON.stringify(pushed.body)}): this paved binary has no deployments API`;
      return;
    }
    assert.ok([200, 201].includes(pushed.status), JSON.stringify(pushed.body));
    // The demo data holds the project with a spec for the local runtime; check it is there.
    const spec = await api.ok('GET', `/api/v1/projects/${kProject}/spec`);
    assert.match(spec.yaml, /http\.server/);
    await api.ok('POST', '/api/v1/users', { ...kSre, role: 'sre' });
    sreApi = await userApi(server.url, kSre.login, kSre.password);
  });

  after(async () => {
    await browser?.close();
    const ports = new Set();
    if (api && !unavailable) {
      const answer = await api.call('GET', `/api/v1/projects/${kProject}/workloads`);
      for (const c of answer.body?.items ?? []) {
        for (const w of c.workloads) {
          for (const i of w.instances) if (i.url) ports.add(Number(new URL(i.url).port));
        }
      }
    }
    await server?.stop();
    stopLocalInstances(ports);
  });

  /** Skips the test (with the reason) when the server has no deployments API. */
  function skipped(t) {
    if (!unavailable) return false;
    t.skip(unavailable);
    return true;
  }

  /** Runs `body` with a page signed in as `login`, failing on uncaught page errors. */
  async function withPage(login, password, body) {
    await runInPage(browser, server.url, body, { login, password });
  }

  async function openTab(page, title, id) {
    await page.goto(`/projects/${kProject}`);
    await page.getByTestId('project-name').waitFor();
    const tabs = page.getByRole('navigation', { name: 'Project' });
    await tabs.getByRole('link', { name: title, exact: true }).click();
    await page.waitForURL(`**/projects/${kProject}?tab=${id}`);
  }

  /** Deploys `digest` to `env` / `cluster` through the form. */
  async function deployFromForm(page, digest, env, cluster, reason) {
    const form = page.getByTestId('deploy-form');
    await form.locator(`#deploy-artifact option[value="${digest}"]`).waitFor({ state: 'attached' });
    await form.locator('#deploy-artifact').selectOption(digest);
    await form.locator('#deploy-env').selectOption(env);
    const box = form.getByTestId(`deploy-cluster-${cluster}`);
    await box.check();
    await form.locator('#deploy-reason').fill(reason);
    await form.getByTestId('deploy-submit').click();
  }

  /** The live row of `cluster` once it shows `state`. */
  async function liveRowIn(page, cluster, state, timeout = kRolloutMs) {
    const row = page.locator(
      `[data-testid=live-cluster][data-cluster="${cluster}"][data-state="${state}"]`,
    );
    await row.waitFor({ timeout });
    return row;
  }

  /** The one deployment of `cluster` created after the ones in `before` (by id). */
  async function newDeployment(cluster, known) {
    return eventually(`a new deployment of ${cluster}`, async () => {
      const list = await api.ok(
        'GET',
        `/api/v1/projects/${kProject}/deployments?cluster=${cluster}`,
      );
      return list.items.find((d) => !known.includes(d.id));
    });
  }

  async function waitState(id, state) {
    return eventually(
      `deployment ${id} ${state}`,
      async () => {
        const d = await api.ok('GET', `/api/v1/projects/${kProject}/deployments/${id}`);
        assert.ok(
          !['failed', 'cancelled', 'rejected'].includes(d.state) || d.state === state,
          `${id} ended ${d.state}: ${d.error}`,
        );
        return d.state === state ? d : null;
      },
      kRolloutMs,
    );
  }

  test(
    'deploys to alpha from the UI and opens the running app',
    { timeout: 180_000 },
    async (t) => {
      if (skipped(t)) return;
      await withPage(undefined, undefined, async (page, context) => {
        await openTab(page, 'Deployments', 'deployments');
        await deployFromForm(page, kDigest1, 'alpha', 'local-alpha', 'first deploy');
        const row = await liveRowIn(page, 'local-alpha', 'succeeded');
        assert.match(await row.textContent(), /sha256:a1a1a1a1a1a1/);
        const d = await newDeployment('local-alpha', []);
        ids.alpha1 = d.id;
        assert.equal(d.state, 'succeeded');
        assert.equal(d.requester, 'admin');
        await page
          .locator(`[data-testid=deployment-row][data-id="${d.id}"][data-state=succeeded]`)
          .waitFor();

        // The drawer shows the steps and the manifests that were applied.
        await page
          .locator(`[data-testid=deployment-row][data-id="${d.id}"]`)
          .getByRole('button', { name: 'details' })
          .click();
        const drawer = page.getByTestId('deployment-drawer');
        await drawer.getByTestId('deployment-steps').locator('tbody tr').first().waitFor();
        await drawer.getByRole('tab', { name: 'Manifests' }).click();
        assert.match(
          await drawer.getByTestId('deployment-manifests').textContent(),
          /kind: Deployment/,
        );
        await screenshot(page, 'deployments');
        await drawer.getByRole('button', { name: 'Close' }).click();

        // The Workloads tab links the local instance; it answers with Python's directory listing.
        await page
          .getByRole('navigation', { name: 'Project' })
          .getByRole('link', { name: 'Workloads', exact: true })
          .click();
        const cluster = page.locator('[data-testid=workload-cluster][data-cluster="local-alpha"]');
        const open = cluster.getByTestId('instance-open').first();
        await open.waitFor({ timeout: kRolloutMs });
        const url = await open.getAttribute('href');
        assert.match(url, /^http:\/\/127\.0\.0\.1:\d+/);
        const [app] = await Promise.all([context.waitForEvent('page'), open.click()]);
        await app.waitForLoadState();
        await eventually('the app to show its directory listing', async () =>
          /Directory listing/.test(await app.content()),
        );
        await app.close();
        const fetched = await fetch(url);
        assert.equal(fetched.status, 200);
        assert.match(await fetched.text(), /Directory listing/);

        // The logs viewer shows what the process printed (its HTTP access log).
        await cluster.getByRole('button', { name: 'logs' }).first().click();
        await eventually(
          'the logs to show a request',
          async () => {
            await page.getByTestId('logs-viewer').getByRole('button', { name: 'Refresh' }).click();
            return /GET \//.test(await page.getByTestId('logs').textContent());
          },
          20_000,
        );
        await screenshot(page, 'workloads');
      });
    },
  );

  test('a pasted link opens the same deployment drawer, tab and filters', async (t) => {
    if (skipped(t)) return;
    let link;
    await withPage(undefined, undefined, async (page) => {
      await openTab(page, 'Deployments', 'deployments');
      await page.locator('#history-env').selectOption('alpha');
      await page.locator('#history-cluster').selectOption('local-alpha');
      await page
        .locator(`[data-testid=deployment-row][data-id="${ids.alpha1}"]`)
        .getByRole('button', { name: 'details' })
        .click();
      const drawer = page.getByTestId('deployment-drawer');
      await drawer.getByRole('tab', { name: 'Diff vs previous' }).click();
      await drawer.getByTestId('diff-summary').waitFor();
      link = page.url();
    });
    const url = new URL(link);
    assert.equal(url.searchParams.get('deployment'), ids.alpha1);
    assert.equal(url.searchParams.get('view'), 'diff');
    assert.equal(url.searchParams.get('environment'), 'alpha');
    await withPage(undefined, undefined, async (page) => {
      await page.goto(url.pathname + url.search);
      const drawer = page.locator(
        `[data-testid=deployment-drawer][data-id="${ids.alpha1}"][data-view=diff]`,
      );
      await drawer.waitFor();
      await drawer.getByRole('tab', { name: 'Diff vs previous', selected: true }).waitFor();
      await drawer.getByTestId('diff-summary').waitFor();
      assert.match(await drawer.getByTestId('diff-summary').textContent(), /first deploy/);
      await eventually('the filters to come back', async () =>
        (await page.locator('#history-env').inputValue()) === 'alpha' &&
        (await page.locator('#history-cluster').inputValue()) === 'local-alpha');
      // Closing the drawer drops it from the URL; the filters stay.
      await drawer.getByRole('button', { name: 'Close' }).click();
      await drawer.waitFor({ state: 'detached' });
      const after = new URL(page.url());
      assert.equal(after.searchParams.get('deployment'), null);
      assert.equal(after.searchParams.get('environment'), 'alpha');
    });
  });

  test(
    'production waits for an approval that its requester may not give',
    { timeout: 180_000 },
    async (t) => {
      if (skipped(t)) return;
      await withPage(undefined, undefined, async (page) => {
        await openTab(page, 'Deployments', 'deployments');
        await deployFromForm(
          page,
          kDigest1,
          'production',
          'local-production',
          'promote to production',
        );
        const row = await liveRowIn(page, 'local-production', 'pending_approval', 20_000);
        const d = await newDeployment('local-production', []);
        ids.prod1 = d.id;
        assert.equal(d.state, 'pending_approval');

        // The approve button is there for the admin, but the server refuses the requester.
        await row.getByRole('button', { name: 'Approve' }).click();
        const error = page.getByTestId('deploy-action-error');
        await error.waitFor();
        assert.match(await error.textContent(), /self_approval/);
        assert.equal(
          (await api.ok('GET', `/api/v1/projects/${kProject}/deployments/${d.id}`)).state,
          'pending_approval',
        );
        await screenshot(page, 'deployments-self-approval');
      });

      // The SRE sees it in the Approvals inbox (with a count in the header) and approves it.
      await withPage(kSre.login, kSre.password, async (page) => {
        await page
          .getByTestId('approvals-count')
          .filter({ hasText: '1' })
          .waitFor({ timeout: 20_000 });
        await page
          .getByRole('navigation', { name: 'Main' })
          .getByRole('link', { name: /Approvals/ })
          .click();
        await page.waitForURL('**/approvals');
        const row = page.locator(`[data-testid=approval-row][data-id="${ids.prod1}"]`);
        await row.waitFor();
        // It shows what changes: the new image and the manifests, against nothing (first deploy).
        const diff = row.getByTestId('approval-diff');
        await diff.getByTestId('diff-digest').waitFor();
        assert.match(await diff.getByTestId('diff-digest').textContent(), /→ sha256:a1a1a1a1a1a1/);
        assert.match(await diff.textContent(), /first deploy/);
        assert.match(await diff.locator('.diff-add').first().textContent(), /\S/);
        assert.match(await diff.textContent(), /kind: Deployment/);
        // Approving needs a comment, which is recorded with the decision.
        const approve = row.getByRole('button', { name: 'Approve' });
        assert.equal(await approve.isDisabled(), true);
        await row.getByLabel('Comment').fill('checked the manifests');
        assert.equal(await approve.isDisabled(), false);
        await screenshot(page, 'approvals');
        await approve.click();
        await page.getByTestId('approval-done').waitFor();
        await row.waitFor({ state: 'detached' });

        await openTab(page, 'Deployments', 'deployments');
        await liveRowIn(page, 'local-production', 'succeeded');
        const history = page.locator(`[data-testid=deployment-row][data-id="${ids.prod1}"]`);
        await history.waitFor();
        assert.match(await history.textContent(), new RegExp(`✓ ${kSre.login}`));
      });
      const d = await waitState(ids.prod1, 'succeeded');
      assert.equal(d.approver, kSre.login);
      const audit = await api.ok('GET', `/api/v1/audit?subject=project:${kProject}`);
      const approval = audit.items.find((e) => e.action === 'deployment.approve');
      assert.ok(approval, JSON.stringify(audit.items.map((e) => e.action)));
      assert.equal(approval.actor, kSre.login);
      assert.equal(approval.summary.comment, 'checked the manifests');
    },
  );

  test(
    'a production rollback, approved again, shows in the history',
    { timeout: 240_000 },
    async (t) => {
      if (skipped(t)) return;
      // A second release reaches production through the API (alpha first, then approved).
      await api.ok('POST', `/api/v1/projects/${kProject}/artifacts`, artifact(kDigest2, '2222222'));
      const alpha = await api.ok('POST', `/api/v1/projects/${kProject}/deployments`, {
        artifact: kDigest2,
        environment: 'alpha',
        clusters: ['local-alpha'],
        reason: 'second release',
      });
      await waitState(alpha.deployments[0].id, 'succeeded');
      const prod = await api.ok('POST', `/api/v1/projects/${kProject}/deployments`, {
        artifact: kDigest2,
        environment: 'production',
        clusters: ['local-production'],
        reason: 'second release',
      });
      ids.prod2 = prod.deployments[0].id;
      await sreApi.ok('POST', `/api/v1/projects/${kProject}/deployments/${ids.prod2}/approve`, {});
      await waitState(ids.prod2, 'succeeded');

      // The admin rolls production back to the first release from the history.
      await withPage(undefined, undefined, async (page) => {
        await openTab(page, 'Deployments', 'deployments');
        await page.locator('#history-env').selectOption('production');
        // The release production runs now is not offered as a rollback target.
        const current = page.locator(`[data-testid=deployment-row][data-id="${ids.prod2}"]`);
        await current.getByTestId('running-label').waitFor();
        assert.equal(await current.getByRole('button', { name: 'Roll back to this' }).count(), 0);
        const first = page.locator(`[data-testid=deployment-row][data-id="${ids.prod1}"]`);
        await first.getByRole('button', { name: 'Roll back to this' }).click();
        const form = page.getByTestId('rollback-form');
        await form.locator('#rollback-reason').fill('second release misbehaves');
        await form.getByRole('button', { name: 'Roll back', exact: true }).click();
        await form.waitFor({ state: 'detached' });
        const rollback = page.locator(
          `[data-testid=deployment-row][data-rollback-of="${ids.prod1}"]`,
        );
        await rollback.waitFor();
        assert.equal(await rollback.getAttribute('data-state'), 'pending_approval');
        ids.rollback = await rollback.getAttribute('data-id');
      });

      // Production rollbacks need an approval too: the SRE gives it from the inbox.
      await withPage(kSre.login, kSre.password, async (page) => {
        await page.goto('/approvals');
        const row = page.locator(`[data-testid=approval-row][data-id="${ids.rollback}"]`);
        await row.waitFor();
        assert.match(await row.textContent(), /rollback/);
        await row.getByLabel('Comment').fill('back to the first release');
        await row.getByRole('button', { name: 'Approve' }).click();
        await page.getByTestId('approval-done').waitFor();
      });

      await withPage(undefined, undefined, async (page) => {
        await openTab(page, 'Deployments', 'deployments');
        const rollback = page.locator(
          `[data-testid=deployment-row][data-id="${ids.rollback}"][data-state=succeeded]`,
        );
        await rollback.waitFor({ timeout: kRolloutMs });
        assert.equal(await rollback.getAttribute('data-rollback-of'), ids.prod1);
        await rollback.getByTestId('rollback-label').waitFor();
        await rollback.getByTestId('running-label').waitFor();
        await page
          .locator(`[data-testid=deployment-row][data-id="${ids.prod1}"]`)
          .getByTestId('running-label')
          .waitFor();
        const live = await liveRowIn(page, 'local-production', 'succeeded');
        assert.match(await live.textContent(), /sha256:a1a1a1a1a1a1/);
        await page
          .locator(`[data-testid=deployment-row][data-id="${ids.prod2}"][data-state=rolled_back]`)
          .waitFor({ timeout: 20_000 });
        await screenshot(page, 'deployments-rollback');
      });
      const d = await api.ok('GET', `/api/v1/projects/${kProject}/deployments/${ids.rollback}`);
      assert.equal(d.rollback_of, ids.prod1);
      // The first release runs again: the server refuses a rollback to it.
      const again = await api.call(
        'POST',
        `/api/v1/projects/${kProject}/deployments/${ids.prod1}/rollback`,
        { reason: 'again' },
      );
      assert.equal(again.status, 409, JSON.stringify(again.body));
      assert.equal(again.body.error.code, 'already_running');
      assert.equal(d.artifact.digest, kDigest1);
      assert.equal(d.approver, kSre.login);
    },
  );

  test(
    'the overview shows what runs where and the metrics count the deploys',
    { timeout: 60_000 },
    async (t) => {
      if (skipped(t)) return;
      await withPage(undefined, undefined, async (page) => {
        await page
          .getByRole('navigation', { name: 'Main' })
          .getByRole('link', { name: 'Deployments', exact: true })
          .click();
        await page.waitForURL('**/deployments');
        const row = page.locator(`[data-testid=overview-row][data-project="${kProject}"]`);
        await row.waitFor();
        await row.locator('td[data-cluster="local-production"][data-state="succeeded"]').waitFor();
        await page.locator('#overview-team').selectOption('ads');
        await row.waitFor({ state: 'detached' });

        await page.goto('/deployments/metrics');
        const metrics = page.locator(`[data-testid=metrics-row][data-key="${kProject}"]`);
        await metrics.waitFor();
        assert.ok(Number(await metrics.getByTestId('metrics-deployments').textContent()) >= 5);
        await page.getByTestId('chart-deploys').locator('canvas').waitFor();
        await screenshot(page, 'deploy-metrics');
      });
    },
  );

  test(
    'a failed deploy links its instance logs, and the instance stays on the Workloads tab',
    { timeout: 240_000 },
    async (t) => {
      if (skipped(t)) return;
      const spec = await api.ok('GET', `/api/v1/projects/${kProject}/spec`);
      const broken = spec.yaml.replace(
        /\[python3, -m, http\.server, "\$\{PORT\}"\]/,
        '[sh, -c, "echo e2e cannot start; exit 1"]',
      );
      assert.notEqual(broken, spec.yaml);
      await api.ok(
        'PUT',
        `/api/v1/projects/${kProject}/spec?message=broken`,
        broken,
        'application/yaml',
      );
      const created = await api.ok('POST', `/api/v1/projects/${kProject}/deployments`, {
        artifact: kDigest2,
        environment: 'alpha',
        clusters: ['local-alpha'],
        reason: 'a start that fails',
        auto_rollback: true,
      });
      const id = created.deployments[0].id;
      // It fails, and the automatic rollback brings the previous release back.
      await eventually(
        'the automatic rollback to succeed',
        async () => {
          const list = await api.ok(
            'GET',
            `/api/v1/projects/${kProject}/deployments?cluster=local-alpha`,
          );
          const failed = list.items.find((d) => d.id === id);
          const newest = list.items[0];
          return failed?.state === 'failed' && newest.rollback_of && newest.state === 'succeeded';
        },
        kRolloutMs,
      );
      await api.ok(
        'PUT',
        `/api/v1/projects/${kProject}/spec?message=fixed`,
        spec.yaml,
        'application/yaml',
      );

      await withPage(undefined, undefined, async (page) => {
        await page.goto(`/projects/${kProject}?tab=deployments&deployment=${id}`);
        const drawer = page.locator(`[data-testid=deployment-drawer][data-id="${id}"]`);
        const instances = drawer.getByTestId('drawer-failed-instances');
        await instances.waitFor();
        assert.match(await instances.textContent(), /failed/);
        await screenshot(page, 'deployment-failed-drawer');
        await instances.getByTestId('drawer-instance-logs').first().click();
        await page.waitForURL(/tab=workloads&logs=local-alpha/);
        await eventually('the logs to show why it failed', async () =>
          /e2e cannot start/.test(await page.getByTestId('logs').textContent()),
        );
        // The failed instance is still listed for its cluster.
        await page
          .locator('[data-testid=workload-cluster][data-cluster="local-alpha"]')
          .locator('[data-testid=instance][data-state=failed]')
          .first()
          .waitFor();
      });
    },
  );
});
