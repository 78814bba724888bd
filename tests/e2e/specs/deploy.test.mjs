// Browser tests of the deploy tabs of a project: the spec editor (an error shown with its line,
// fixed, saved), the rendered manifests, deploy targets in Settings and write-only secrets.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { adminApi } from '../lib/api.mjs';
import { launchBrowser, runInPage, screenshot } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { eventually } from '../lib/wait.mjs';

const kProject = 'chat-gateway';

/** A spec for the demo project; `extra` lines go under services.web. */
function spec(extra = []) {
  return [
    'apiVersion: paved.dev/v1',
    'services:',
    '  web:',
    '    image: registry.example.com/chat-gateway',
    '    port: 8080',
    ...extra.map((line) => `    ${line}`),
    '',
  ].join('\n');
}

describe('deploy tabs of the project page', () => {
  let server;
  let browser;
  let api;

  before(async () => {
    server = await startServer('deploy');
    browser = await launchBrowser();
    api = await adminApi(server.url);
    // The demo data has this project; make it when the server was started without demo data.
    if ((await api.call('GET', `/api/v1/projects/${kProject}`)).status === 404) {
      if ((await api.call('GET', '/api/v1/teams/chat-platform')).status === 404) {
        await api.ok('POST', '/api/v1/teams', { slug: 'chat-platform', name: 'Chat Platform' });
      }
      await api.ok('POST', '/api/v1/projects', {
        slug: kProject,
        name: 'Chat gateway',
        owner_team: 'chat-platform',
      });
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Runs `body` with a signed-in page in a fresh context, closing it after. */
  async function withPage(body) {
    await runInPage(browser, server.url, body);
  }

  async function openTab(page, title, id) {
    const tabs = page.getByRole('navigation', { name: 'Project' });
    await tabs.getByRole('link', { name: title, exact: true }).click();
    await page.waitForURL(`**/projects/${kProject}?tab=${id}`);
  }

  test('a spec error is shown with its line, fixed and saved; the manifests follow', async () => {
    await withPage(async (page) => {
      await page.goto(`/projects/${kProject}`);
      await page.getByTestId('project-name').waitFor();
      await openTab(page, 'Spec', 'spec');
      // The demo data may already hold a spec: versions count from the latest one.
      const latest = await api.call('GET', `/api/v1/projects/${kProject}/spec`);
      const base = latest.status === 200 ? latest.body.version : 0;
      await page.locator('#spec-editor').waitFor();

      // An unknown key on line 6 is reported as you type, with its line, and the line marked.
      const editor = page.locator('#spec-editor');
      await editor.fill(spec(['replica: 2']));
      await page.locator('[data-testid=spec-status][data-state=invalid]').waitFor();
      const error = page.locator('[data-testid=spec-errors][data-stale=false] li').first();
      await error.waitFor();
      assert.equal(await error.getAttribute('data-line'), '6');
      assert.match(await error.textContent(), /line 6:\d+/);
      assert.match(await error.textContent(), /replica/);
      await page.locator('.gutter-line.error[data-line="6"]').waitFor();
      await page.locator('[data-testid=error-line][data-line="6"]').waitFor();
      await screenshot(page, 'spec-error');

      // Saving the bad text is refused and stores nothing.
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByTestId('spec-error').first().waitFor();
      const unchanged = await api.call('GET', `/api/v1/projects/${kProject}/spec`);
      assert.equal(unchanged.status === 200 ? unchanged.body.version : 0, base);

      // Fixed: the error goes away, the save makes the next version.
      await editor.fill(spec(['replicas: 2']));
      await page.locator('[data-testid=spec-status][data-state=valid]').waitFor();
      assert.equal(await page.getByTestId('spec-error').count(), 0);
      assert.equal(await page.locator('.gutter-line.error').count(), 0);
      await page.locator('#spec-message').fill('first spec');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const saved1 = `Saved version ${base + 1}.`;
      await page.getByTestId('spec-saved').filter({ hasText: saved1 }).waitFor();
      const stored = await api.ok('GET', `/api/v1/projects/${kProject}/spec`);
      assert.equal(stored.version, base + 1);
      assert.equal(stored.message, 'first spec');
      assert.equal(stored.yaml, spec(['replicas: 2']));
      await page.locator(`[data-testid=spec-history] tr[data-version="${base + 1}"]`).waitFor();

      // The Manifests tab renders a Deployment for the component, its image pinned by digest.
      await openTab(page, 'Manifests', 'manifests');
      const yaml = page.getByTestId('manifests-yaml');
      await yaml.waitFor();
      const text = await yaml.textContent();
      assert.match(text, /kind: Deployment/);
      assert.match(text, /image: "?registry\.example\.com\/chat-gateway@sha256:[0-9a-f]{64}/);
      assert.equal(await page.getByTestId('manifests-spec-version').textContent(), `${base + 1}`);
      assert.match(await page.getByTestId('manifests-hash').textContent(), /\S/);
      await screenshot(page, 'manifests');

      // The next version changes the port; the manifests diff against the one before shows it.
      await openTab(page, 'Spec', 'spec');
      await editor.fill(spec(['replicas: 2']).replace('port: 8080', 'port: 8081'));
      await page.locator('[data-testid=spec-status][data-state=valid]').waitFor();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const saved2 = `Saved version ${base + 2}.`;
      await page.getByTestId('spec-saved').filter({ hasText: saved2 }).waitFor();
      await openTab(page, 'Manifests', 'manifests');
      await page.getByTestId('manifests-spec-version').filter({ hasText: `${base + 2}` }).waitFor();
      await page.getByRole('tab', { name: `Diff vs spec version ${base + 1}` }).click();
      const diff = page.getByTestId('manifests-diff');
      await diff.waitFor();
      assert.ok((await diff.locator('.diff-add', { hasText: '8081' }).count()) > 0);
      assert.ok((await diff.locator('.diff-del', { hasText: '8080' }).count()) > 0);
    });
  });

  test('a cluster target added in Settings is kept after a reload', async () => {
    // A new production cluster in another region: adding it is how the project goes global.
    const cluster = 'e2e-eu-west';
    await api.ok('PUT', `/api/v1/clusters/${cluster}`, {
      region: 'eu-west-1',
      environment: 'production',
      runtime: 'kubernetes',
      endpoint: 'https://k8s.eu-west.example.com',
      credentials: 'env:PAVED_CLUSTER_EU_WEST',
      mesh: 'istio',
      zones: ['eu-west-1a', 'eu-west-1b'],
    });
    const before = await api.ok('GET', `/api/v1/projects/${kProject}/targets`);
    assert.ok(!before.items.some((c) => c.name === cluster), 'not a target yet');
    await withPage(async (page) => {
      await page.goto(`/projects/${kProject}?tab=settings`);
      const box = page.locator(`input[type=checkbox][data-cluster=${cluster}]`);
      await box.waitFor();
      assert.equal(await box.isChecked(), false);
      await box.check();
      await page.getByRole('button', { name: 'Save targets' }).click();
      await page.getByTestId('targets-saved').waitFor();

      await page.reload();
      await box.waitFor();
      await eventually('the target is checked after reload', () => box.isChecked());
      await screenshot(page, 'project-targets');
    });
    const after = await api.ok('GET', `/api/v1/projects/${kProject}/targets`);
    const names = after.items.map((c) => c.name).sort();
    assert.deepEqual(names, [...before.items.map((c) => c.name), cluster].sort());
  });

  test('a secret is set from the Secrets tab and its value is shown nowhere', async () => {
    const value = 'e2e-Very-Secret-Value-7431';
    await withPage(async (page) => {
      await page.goto(`/projects/${kProject}?tab=secrets`);
      await eventually('an environment is picked', async () =>
        (await page.locator('#env-picker').inputValue()) !== '',
      );
      const env = await page.locator('#env-picker').inputValue();
      const listed = await api.ok('GET', `/api/v1/projects/${kProject}/secrets/${env}`);
      const version = (listed.items.find((s) => s.name === 'db-password')?.version ?? 0) + 1;
      const form = page.getByRole('form', { name: 'Set secret' });
      await form.locator('#field-name').fill('db-password');
      await form.locator('#field-value').fill(value);
      assert.equal(await form.locator('#field-value').getAttribute('type'), 'password');
      await form.getByRole('button', { name: 'Set secret' }).click();
      await page.getByTestId('secret-saved').waitFor();
      const row = page.locator('[data-testid=secrets] tr[data-name=db-password]');
      await row.waitFor();
      await row.locator('td.num').filter({ hasText: String(version) }).waitFor();
      await row.getByRole('button', { name: 'History' }).click();
      await page.locator('[data-testid=secret-history] tbody tr').first().waitFor();

      // Not in the page's text or markup, nor in any form field.
      assert.ok(!(await page.content()).includes(value), 'value in the page');
      const fields = await page
        .locator('input, textarea')
        .evaluateAll((els) => els.map((el) => el.value));
      assert.ok(!fields.some((v) => v.includes(value)), `value in a field: ${fields}`);
      await screenshot(page, 'project-secrets');

      // The API keeps the version, never the value.
      const list = await api.ok('GET', `/api/v1/projects/${kProject}/secrets/${env}`);
      assert.equal(list.items.find((s) => s.name === 'db-password')?.version, version);
      assert.ok(!JSON.stringify(list).includes(value));
    });
  });

  test('a new project says what to do next, step by step', async () => {
    const slug = 'fresh-e2e';
    await api.ok('POST', '/api/v1/projects', { slug, name: 'Fresh', owner_team: 'chat-platform' });
    const steps = (page) =>
      page
        .locator('[data-testid=next-steps] [data-testid=next-step]')
        .evaluateAll((lis) => lis.map((li) => `${li.dataset.step}:${li.dataset.done}`));
    await withPage(async (page) => {
      await page.goto(`/projects/${slug}`);
      await page.getByTestId('next-steps').waitFor();
      // A new project starts with the platform's default targets, so that step is done.
      assert.deepEqual(await steps(page), [
        'spec:false',
        'targets:true',
        'artifact:false',
        'deploy:false',
      ]);
      const targets = page.locator('[data-testid=next-step][data-step=targets]');
      assert.match(await targets.textContent(), new RegExp(`paved targets set -p ${slug}`));
      const spec = page.locator('[data-testid=next-step][data-step=spec]');
      assert.match(await spec.textContent(), new RegExp(`paved spec push paved\\.yaml -p ${slug}`));
      await screenshot(page, 'project-next-steps');

      // Pushing a spec ticks the first step off.
      const demo = await api.ok('GET', `/api/v1/projects/${kProject}/spec`);
      await api.ok('PUT', `/api/v1/projects/${slug}/spec`, demo.yaml, 'application/yaml');
      await page.reload();
      await page.locator('[data-testid=next-step][data-step=spec][data-done=true]').waitFor();
      assert.deepEqual(await steps(page), [
        'spec:true',
        'targets:true',
        'artifact:false',
        'deploy:false',
      ]);
      // Each step links the tab that does it.
      await page
        .locator('[data-testid=next-step][data-step=targets]')
        .getByRole('link', { name: 'Settings tab' })
        .click();
      await page.waitForURL(`**/projects/${slug}?tab=settings`);
    });
  });
});
