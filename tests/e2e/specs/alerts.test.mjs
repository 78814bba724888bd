// Browser tests of the alert pages: Alertmanager posts alerts for a demo project's namespace and
// for namespaces nobody owns; the overview shows the owner team's group and the unowned ones
// under "Unowned"; on the group page an alert is acknowledged and another silenced for 1h; a
// resolve posted afterwards shows up live (event stream) without a reload; the alert page shows
// labels, links and events and unsilences; the project page links its firing alerts.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { adminApi } from '../lib/api.mjs';
import { launchBrowser, runInPage, screenshot } from '../lib/browser.mjs';
import { adminLogin, startServer } from '../lib/server.mjs';
import { eventually } from '../lib/wait.mjs';

const kToken = 'e2e-alert-token';
const kCluster = 'kr1-prod';
// The demo project chat-gateway (team chat-platform) owns the namespace of the same name.
const kProject = 'chat-gateway';
const kTeam = 'chat-platform';
const kOwnedGroup = `${kCluster}/${kProject}`;
const kUnownedGroup = `${kCluster}/legacy-batch`;
const kNoClusterGroup = '/scratch-e2e';

const kErrorRate = {
  fingerprint: 'e2e0000000000001',
  labels: {
    alertname: 'HighErrorRate',
    namespace: kProject,
    cluster: kCluster,
    service: kProject,
    severity: 'critical',
  },
  annotations: {
    summary: '5xx ratio 7.2% over 5m',
    runbook_url: 'https://runbooks.example.com/high-error-rate',
  },
};
const kLatency = {
  fingerprint: 'e2e0000000000002',
  labels: { alertname: 'LatencyHigh', namespace: kProject, cluster: kCluster, severity: 'warning' },
  annotations: { summary: 'p99 latency 2.3s over 10m' },
};
const kJobFailed = {
  fingerprint: 'e2e0000000000f01',
  labels: {
    alertname: 'JobFailed',
    namespace: 'legacy-batch',
    cluster: kCluster,
    severity: 'error',
  },
  annotations: { summary: 'nightly-export failed 3 times' },
};
// No namespace and no cluster label (e.g. Alertmanager's Watchdog): group "/".
const kBare = {
  fingerprint: 'e2e0000000000f03',
  labels: { alertname: 'Watchdog', severity: 'info' },
  annotations: { summary: 'the alerting pipeline works' },
};
const kScratch = {
  fingerprint: 'e2e0000000000f02',
  labels: { alertname: 'QuotaNearlyFull', namespace: 'scratch-e2e', severity: 'info' },
  annotations: { summary: 'PVC 91% full' },
};

/** A port nothing listens on: Slack calls fail at once and delivery keeps retrying. */
async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function config(slackPort) {
  return `alerts:
  sources:
    alertmanager: {token: ${kToken}}
  fallback_channel: "#platform-alerts"
  public_url: http://127.0.0.1
slack:
  api_url: http://127.0.0.1:${slackPort}/api
  bot_token: xoxb-e2e
`;
}

/** An Alertmanager webhook body (version 4) with `alerts` firing or resolved. */
function webhook(alerts, status = 'firing') {
  const startsAt = new Date(Date.now() - 10 * 60_000).toISOString();
  return {
    version: '4',
    groupKey: '{}:{alertname}',
    truncatedAlerts: 0,
    status,
    receiver: 'paved',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.com:9093',
    alerts: alerts.map((a) => ({
      status,
      labels: a.labels,
      annotations: a.annotations,
      startsAt,
      endsAt: status === 'resolved' ? new Date().toISOString() : '0001-01-01T00:00:00Z',
      generatorURL: `http://prometheus.example.com/graph?g0.expr=${a.labels.alertname}`,
      fingerprint: a.fingerprint,
    })),
  };
}

async function postWebhook(baseUrl, body) {
  const answer = await fetch(`${baseUrl}/hooks/alertmanager`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${kToken}` },
    body: JSON.stringify(body),
  });
  const text = await answer.text();
  return { status: answer.status, text };
}

describe('alerts', () => {
  let server;
  let browser;
  let api;
  /** Why the tests skip themselves (the server has no alerts API), or null. */
  let unavailable = null;
  /** The summary before the test's alerts (the demo data has alerts of its own). */
  let baseline;

  before(async () => {
    server = await startServer('alerts', { config: config(await closedPort()) });
    browser = await launchBrowser();
    api = await adminApi(server.url);
    const probe = await api.call('GET', '/api/v1/alerts/summary');
    if (probe.status === 404) {
      unavailable =
        `GET /api/v1/alerts/summary answered 404 (${JSON.stringify(probe.body)}): ` +
        'this paved binary has no alerts API';
      return;
    }
    assert.equal(probe.status, 200, JSON.stringify(probe.body));
    baseline = probe.body;
    // A wrong token is refused; the right one stores every alert.
    const refused = await fetch(`${server.url}/hooks/alertmanager`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer wrong' },
      body: JSON.stringify(webhook([kErrorRate])),
    });
    assert.equal(refused.status, 401);
    for (const body of [webhook([kErrorRate, kLatency]), webhook([kJobFailed, kScratch])]) {
      const answer = await postWebhook(server.url, body);
      assert.equal(answer.status, 200, answer.text);
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  function skipped(t) {
    if (!unavailable) return false;
    t.skip(unavailable);
    return true;
  }

  /** Runs `body` with a page signed in as the admin, failing on uncaught page errors. */
  async function withPage(body) {
    await runInPage(browser, server.url, body);
  }

  const groupRow = (page, group) =>
    page.locator(`[data-testid=alert-group-row][data-group="${group}"]`);
  const alertRow = (page, fingerprint) =>
    page.locator(`[data-testid=group-alert-row][data-fingerprint="${fingerprint}"]`);

  test('the overview shows the owner team\'s group and the unowned ones', async (t) => {
    if (skipped(t)) return;
    const summary = await api.ok('GET', '/api/v1/alerts/summary');
    assert.equal(summary.firing, baseline.firing + 4, JSON.stringify(summary));
    assert.equal(summary.unowned, baseline.unowned + 2, JSON.stringify(summary));
    const owned = summary.groups.find((g) => g.group === kOwnedGroup);
    assert.equal(owned?.team, kTeam, JSON.stringify(summary.groups));

    await withPage(async (page) => {
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Alerts', exact: true })
        .click();
      await page.waitForURL('**/alerts');
      const row = groupRow(page, kOwnedGroup);
      await row.waitFor();
      assert.equal(await row.getAttribute('data-team'), kTeam);
      assert.equal(await row.getByTestId('group-firing').textContent(), '2');
      const count = (id, n) =>
        page.locator(`[data-testid=alerts-count-${id}]`, { hasText: new RegExp(`^${n}$`) });
      await count('firing', summary.firing).waitFor();
      await count('unowned', summary.unowned).waitFor();
      await page.getByTestId('chart-by-team').locator('canvas').waitFor();
      await page.getByTestId('chart-by-severity').locator('canvas').waitFor();
      await page
        .locator(`[data-testid=alert-row][data-fingerprint="${kErrorRate.fingerprint}"]`)
        .waitFor();
      await screenshot(page, 'alerts-overview');

      // The severity filter narrows the table.
      await page.locator('#alerts-severity').selectOption('warning');
      await page.waitForURL('**/alerts?severity=warning');
      await page
        .locator(`[data-testid=alert-row][data-fingerprint="${kErrorRate.fingerprint}"]`)
        .waitFor({ state: 'detached' });
      await page
        .locator(`[data-testid=alert-row][data-fingerprint="${kLatency.fingerprint}"]`)
        .waitFor();
      await page.locator('#alerts-severity').selectOption('');

      // "Unowned" lists the namespaces nobody owns, and only those.
      await page.getByTestId('alerts-tab-unowned').click();
      await page.waitForURL('**/alerts?state=unowned');
      const unowned = groupRow(page, kUnownedGroup);
      await unowned.waitFor();
      assert.equal(await unowned.getAttribute('data-team'), '');
      await groupRow(page, kNoClusterGroup).waitFor();
      await row.waitFor({ state: 'detached' });
      await page
        .locator(`[data-testid=alert-row][data-fingerprint="${kJobFailed.fingerprint}"]`)
        .waitFor();
      await page
        .locator(`[data-testid=alert-row][data-fingerprint="${kLatency.fingerprint}"]`)
        .waitFor({ state: 'detached' });
      await screenshot(page, 'alerts-unowned');

      // A group without a cluster has "-" in its path.
      await groupRow(page, kNoClusterGroup).getByRole('link').first().click();
      await page.waitForURL('**/alerts/groups/-/scratch-e2e');
      await alertRow(page, kScratch.fingerprint).waitFor();
      await page.getByTestId('group-unowned').waitFor();
    });
  });

  test('acknowledge and silence on the group page; a resolve shows up live', async (t) => {
    if (skipped(t)) return;
    await withPage(async (page) => {
      await page.goto('/alerts');
      await groupRow(page, kOwnedGroup).getByRole('link', { name: kOwnedGroup }).click();
      await page.waitForURL(`**/alerts/groups/${kCluster}/${kProject}`);
      const owner = page.getByTestId('group-owner-team');
      await owner.waitFor();
      assert.match(await owner.textContent(), /Chat Platform/);

      // Ack: the row says who acknowledged it.
      const errors = alertRow(page, kErrorRate.fingerprint);
      await errors.getByRole('button', { name: 'Ack' }).click();
      await errors.getByText(`acknowledged by ${adminLogin}`).waitFor();
      await page
        .locator(`[data-testid=group-alert-row][data-fingerprint="${kErrorRate.fingerprint}"]` +
          '[data-acknowledged=true]')
        .waitFor();

      // Silence the other one for an hour.
      const latency = alertRow(page, kLatency.fingerprint);
      await latency.getByRole('button', { name: 'Silence…' }).click();
      await latency.getByTestId('silence-menu').getByRole('button', { name: '1h' }).click();
      await latency.getByText(`silenced by ${adminLogin}`).waitFor();
      await latency.getByRole('button', { name: 'Unsilence' }).waitFor();

      const acked = await api.ok('GET', `/api/v1/alerts/${kErrorRate.fingerprint}`);
      assert.equal(acked.acknowledged?.by, adminLogin);
      const silenced = await api.ok('GET', `/api/v1/alerts/${kLatency.fingerprint}`);
      assert.equal(silenced.silenced?.by, adminLogin);
      assert.ok(Date.parse(silenced.silenced.until) > Date.now(), silenced.silenced.until);

      // The timeline has both actions.
      const timeline = page.getByTestId('alert-timeline');
      await timeline.locator('[data-testid=timeline-item][data-kind=acknowledged]').waitFor();
      await timeline.locator('[data-testid=timeline-item][data-kind=silenced]').waitFor();
      await timeline.getByTestId('timeline-axis').waitFor();

      // The chat message as Paved posts it, and where it goes.
      const preview = page.getByTestId('chat-preview');
      await preview.getByText('goes to #chat-platform').waitFor();
      assert.match(await page.getByTestId('chat-preview-body').textContent(), /HighErrorRate/);
      await screenshot(page, 'alerts-group');

      // Alertmanager resolves the acknowledged alert: the page updates without a reload.
      await page.locator('[data-testid=alerts-live][data-live=true]').waitFor();
      await page.evaluate(() => {
        window.__e2eSamePage = true;
      });
      const resolved = await postWebhook(server.url, webhook([kErrorRate], 'resolved'));
      assert.equal(resolved.status, 200, resolved.text);
      await page
        .locator(`[data-testid=group-alert-row][data-fingerprint="${kErrorRate.fingerprint}"]` +
          '[data-status=resolved]')
        .waitFor();
      await timeline.locator('[data-testid=timeline-item][data-kind=resolved]').first().waitFor();
      await page.getByTestId('group-firing-count').filter({ hasText: '1 firing' }).waitFor();
      assert.equal(await page.evaluate(() => window.__e2eSamePage), true);
      assert.equal(
        (await api.ok('GET', `/api/v1/alerts/${kErrorRate.fingerprint}`)).status,
        'resolved',
      );
    });
  });

  test('the alert page shows labels, links and events, and unsilences', async (t) => {
    if (skipped(t)) return;
    await withPage(async (page) => {
      await page.goto(`/alerts/groups/${kCluster}/${kProject}`);
      await alertRow(page, kErrorRate.fingerprint)
        .getByRole('link', { name: 'HighErrorRate' })
        .click();
      await page.waitForURL(`**/alerts/${kErrorRate.fingerprint}`);
      const detail = page.getByTestId('alert-detail');
      await detail.waitFor();
      const labels = page.getByTestId('alert-labels');
      assert.match(await labels.locator('tr[data-key=namespace]').textContent(), /chat-gateway/);
      assert.match(await labels.locator('tr[data-key=severity]').textContent(), /critical/);
      const runbook = page.getByTestId('alert-props').locator('a[data-link=runbook]');
      assert.equal(
        await runbook.getAttribute('href'),
        'https://runbooks.example.com/high-error-rate',
      );
      await page.locator('[data-testid=alert-event][data-kind=acknowledged]').waitFor();
      await page.locator('[data-testid=alert-event][data-kind=resolved]').waitFor();
      assert.equal(await detail.getAttribute('data-status'), 'resolved');
      await screenshot(page, 'alert-detail');

      await page.goto(`/alerts/${kLatency.fingerprint}`);
      await page.getByTestId('alert-silenced').waitFor();
      await page.getByRole('button', { name: 'Unsilence' }).click();
      await page.getByTestId('alert-silenced').waitFor({ state: 'detached' });
      await page.locator('[data-testid=alert-event][data-kind=unsilenced]').waitFor();
    });
    const latency = await api.ok('GET', `/api/v1/alerts/${kLatency.fingerprint}`);
    assert.equal(latency.silenced, null);
  });

  test('the project page links its firing alerts', async (t) => {
    if (skipped(t)) return;
    const firing = await api.ok('GET', `/api/v1/alerts?project=${kProject}&state=firing`);
    const groups = new Set(firing.items.map((a) => a.group));
    assert.ok(groups.has(kOwnedGroup), JSON.stringify([...groups]));
    await withPage(async (page) => {
      await page.goto(`/projects/${kProject}`);
      const badge = page.getByTestId('project-alerts');
      await badge.waitFor();
      assert.equal(await badge.textContent(), `${firing.items.length} firing`);
      await badge.click();
      if (groups.size === 1) {
        await page.waitForURL(`**/alerts/groups/${kCluster}/${kProject}`);
        await alertRow(page, kLatency.fingerprint).waitFor();
      } else {
        // Several groups: the overview, filtered by the project.
        await page.waitForURL(`**/alerts?project=${kProject}&state=firing`);
        await page
          .locator(`[data-testid=alert-row][data-fingerprint="${kLatency.fingerprint}"]`)
          .waitFor();
        await groupRow(page, kOwnedGroup).waitFor();
      }
    });
  });

  test('an alert without namespace and cluster has a working group page', async (t) => {
    if (skipped(t)) return;
    const answer = await postWebhook(server.url, webhook([kBare]));
    assert.equal(answer.status, 200, answer.text);
    await withPage(async (page) => {
      await page.goto('/alerts?state=unowned');
      await groupRow(page, '/').getByRole('link').first().click();
      await page.waitForURL('**/alerts/groups/-/-');
      await alertRow(page, kBare.fingerprint).waitFor();
      await page.getByTestId('alert-timeline').getByTestId('timeline-item').first().waitFor();
      await page.getByTestId('chat-preview').waitFor();
      assert.equal(await page.locator('.flash-error').count(), 0);
      await screenshot(page, 'alerts-group-without-labels');

      // The history API's shape in the web's address bar opens the group, not an alert page.
      await page.goto('/alerts/history?namespace=scratch-e2e&cluster=');
      await page.waitForURL('**/alerts/groups/-/scratch-e2e');
      await alertRow(page, kScratch.fingerprint).waitFor();
      await page.goto('/alerts/history');
      await page.waitForURL(/\/alerts$/);
    });
  });
});
