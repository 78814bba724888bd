// Browser test of the incident log: Alertmanager posts an alert of the demo project's namespace;
// on the alert group's page "Open incident" opens an incident of the project the namespace
// belongs to; its timeline shows the alert firing; a why and a follow-up action are added, and a
// bad due day is refused at its field. A lesson that asks for a panel and an alert rule puts the
// panel in the namespace's regenerated dashboard (listed on the Monitoring tab) and the rule in
// the project's rules; broken PromQL is refused at its field.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { adminApi } from '../lib/api.mjs';
import { launchBrowser, runInPage, screenshot } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';

const kToken = 'e2e-incident-token';
const kCluster = 'kr1-prod';
const kProject = 'chat-gateway'; // demo project; owns the namespace of the same name

const config = `alerts:
  sources:
    alertmanager: {token: ${kToken}}
`;

function webhook() {
  const startsAt = new Date(Date.now() - 12 * 60_000).toISOString();
  return {
    version: '4',
    groupKey: '{}:{alertname}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'paved',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.com:9093',
    alerts: [
      {
        status: 'firing',
        labels: {
          alertname: 'CheckoutErrors',
          namespace: kProject,
          cluster: kCluster,
          severity: 'critical',
        },
        annotations: { summary: 'checkout 5xx at 9%' },
        startsAt,
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example.com/graph?g0.expr=CheckoutErrors',
        fingerprint: 'e2e00000000inc01',
      },
    ],
  };
}

describe('incidents', () => {
  let server;
  let browser;
  let api;

  before(async () => {
    server = await startServer('incidents', { config });
    browser = await launchBrowser();
    api = await adminApi(server.url);
    const answer = await fetch(`${server.url}/hooks/alertmanager`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${kToken}`,
      },
      body: JSON.stringify(webhook()),
    });
    assert.equal(answer.status, 200, await answer.text());
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('open an incident from an alert group, see its timeline, add a why and an action', async () => {
    await runInPage(browser, server.url, async (page) => {
      await page.goto(`/alerts/groups/${kCluster}/${kProject}`);
      await page.locator('[data-testid=group-alert-row]').first().waitFor();
      await page.getByRole('button', { name: 'Open incident' }).click();
      await page.waitForURL('**/incidents/*');
      const id = decodeURIComponent(page.url().split('/incidents/')[1]);
      await page
        .getByTestId('incident-title')
        .getByText('CheckoutErrors in chat-gateway')
        .waitFor();
      await page
        .locator('[data-testid=timeline-entry][data-kind=alert_firing]')
        .filter({ hasText: 'checkout 5xx at 9%' })
        .waitFor();

      await page.getByLabel('New whys').fill('the payment client retried without backoff');
      await page.getByRole('button', { name: 'Save whys' }).click();
      await page.getByLabel('Whys 1').waitFor();

      const actions = page.getByTestId('incident-actions');
      await actions.getByLabel('Action', { exact: true }).fill('add backoff to the payment client');
      await actions.getByLabel('Owner', { exact: true }).fill('admin');
      await actions.getByLabel('Due (YYYY-MM-DD)').fill('20/12/2026');
      await actions.getByRole('button', { name: 'Add action' }).click();
      await actions.getByRole('alert').filter({ hasText: 'due' }).waitFor();
      await actions.getByLabel('Due (YYYY-MM-DD)').fill('2026-12-20');
      await actions.getByRole('button', { name: 'Add action' }).click();
      await actions
        .locator('[data-testid=incident-action-row]')
        .filter({ hasText: 'add backoff to the payment client' })
        .waitFor();
      await screenshot(page, 'incident');

      const incident = await api.ok('GET', `/api/v1/incidents/${encodeURIComponent(id)}`);
      assert.equal(incident.project, kProject);
      assert.equal(incident.alert_group, `${kCluster}/${kProject}`);
      assert.deepEqual(incident.whys, ['the payment client retried without backoff']);
      assert.equal(incident.actions.length, 1);
      assert.equal(incident.actions[0].due, '2026-12-20');
    });
  });

  test('a lesson adds a panel to the regenerated dashboard and a rule to the rules', async () => {
    const opened = await api.ok('POST', `/api/v1/projects/${kProject}/incidents`, {
      title: 'Connection pool ran dry',
    });
    await runInPage(browser, server.url, async (page) => {
      await page.goto(`/incidents/${encodeURIComponent(opened.id)}`);
      const form = page.getByRole('form', { name: 'Add lesson' });
      await form.getByLabel('Lesson', { exact: true }).fill('We could not see the pool running dry');
      await form.getByLabel('Dashboard panel title (optional)').fill('Connection pool in use');
      await form.getByLabel('PromQL').fill('sum(db_pool_in_use{namespace="chat-gateway"}');
      await form.getByRole('button', { name: 'Add lesson' }).click();
      await form.getByRole('alert').filter({ hasText: 'panel.promql' }).waitFor();

      await form.getByLabel('PromQL').fill('sum(db_pool_in_use{namespace="chat-gateway"})');
      await form.getByLabel('Alert rule name (optional)').fill('PoolExhausted');
      await form.getByLabel('Alert expression').fill('max(db_pool_in_use) > 90');
      await form.getByLabel('For').fill('5m');
      await form.getByLabel('Severity').selectOption('critical');
      await form.getByRole('button', { name: 'Add lesson' }).click();
      await page
        .getByTestId('incident-lessons')
        .getByText('rule PoolExhausted (critical)')
        .waitFor();

      await page.goto(`/projects/${kProject}?tab=monitoring`);
      await page
        .getByTestId('dashboards-list')
        .getByTestId('lesson-panels')
        .filter({ hasText: 'Connection pool in use' })
        .first()
        .waitFor();
      await screenshot(page, 'monitoring-dashboards');
    });
    // A developer of another team reads the incident but is not offered its forms.
    const other = { login: 'dev-ads', password: 'e2e-dev-Secret-42' };
    await api.ok('POST', '/api/v1/users', { ...other, role: 'developer' });
    await api.ok('POST', '/api/v1/teams/ads/members', { login: other.login });
    await runInPage(
      browser,
      server.url,
      async (page) => {
        await page.goto(`/incidents/${encodeURIComponent(opened.id)}`);
        await page.getByTestId('incident-lessons').getByText('rule PoolExhausted').waitFor();
        assert.equal(await page.getByRole('form', { name: 'Add lesson' }).count(), 0);
      },
      other,
    );
    const rules = await api.ok('GET', `/api/v1/projects/${kProject}/monitoring/rules?format=json`);
    const taught = rules.groups.filter((g) => g.name.endsWith(':lessons'));
    assert.ok(taught.length > 0, 'a lessons group per namespace');
    assert.equal(taught[0].rules[0].alert, 'PoolExhausted');
    assert.equal(taught[0].rules[0].labels.severity, 'page');
  });
});
