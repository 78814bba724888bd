// Browser tests of self-service resources: a developer of the owner team creates a Redis from the
// project's Resources tab (a wrong name is shown next to its field; the form shows the
// standard's values and what the team may change), follows its journal live to ready, sees how
// to connect, changes its size and deletes it by typing its name; a developer of another team sees the resource
// but no create or delete button, and the API refuses them; an sre edits the standard on its
// page, where a bad value is shown with the field it names; a static site shows its URL and
// serves what the team uploaded, sandboxed.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { adminApi, userApi } from '../lib/api.mjs';
import { launchBrowser, runInPage, screenshot } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { eventually } from '../lib/wait.mjs';

// The demo project chat-gateway belongs to the demo team chat-platform.
const kProject = 'chat-gateway';
const kTeam = 'chat-platform';
const kDev = { login: 'dev-chat', password: 'e2e-dev-Secret-42' };
const kOther = { login: 'dev-ads', password: 'e2e-other-Secret-42' };
const kSre = { login: 'sre-res', password: 'e2e-sre-Secret-42' };
const kReadyMs = 60_000;

/** What a Redis on 127.0.0.1:`port` answers to AUTH `password` then PING. */
function redisAuthPing(port, password) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('redis did not answer')));
    socket.on('connect', () => socket.write(`AUTH ${password}\r\nPING\r\n`));
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (received.split('\r\n').length > 2) socket.end();
    });
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('resources', () => {
  let server;
  let browser;
  let api;
  let otherApi;

  before(async () => {
    server = await startServer('resources');
    browser = await launchBrowser();
    api = await adminApi(server.url);
    for (const [user, team] of [
      [kDev, kTeam],
      [kOther, 'ads'],
    ]) {
      await api.ok('POST', '/api/v1/users', { ...user, role: 'developer' });
      await api.ok('POST', `/api/v1/teams/${team}/members`, { login: user.login });
    }
    await api.ok('POST', '/api/v1/users', { ...kSre, role: 'sre' });
    otherApi = await userApi(server.url, kOther.login, kOther.password);
  });

  after(async () => {
    await browser?.close();
    // A local Redis outlives the server: delete what a failed test left.
    if (api) {
      const left = await api.call('GET', '/api/v1/resources?limit=100');
      for (const r of left.body?.items ?? []) {
        if (r.status === 'deleted') continue;
        await api.call('PUT', `/api/v1/resources/${r.id}/deletion-protection`, {
          enabled: false,
          reason: 'e2e cleanup',
        });
        await api.call('DELETE', `/api/v1/resources/${r.id}?confirm=${r.name}`);
        await eventually(
          `${r.name} deleted`,
          async () => (await api.ok('GET', `/api/v1/resources/${r.id}`)).status === 'deleted',
          kReadyMs,
        ).catch(() => {});
      }
    }
    await server?.stop();
  });

  async function withPage(user, body) {
    await runInPage(browser, server.url, body, user);
  }

  async function openResourcesTab(page) {
    await page.goto(`/projects/${kProject}`);
    await page.getByTestId('project-name').waitFor();
    const tabs = page.getByRole('navigation', { name: 'Project' });
    await tabs.getByRole('link', { name: 'Resources', exact: true }).click();
    await page.waitForURL(`**/projects/${kProject}?tab=resources`);
    await page.getByTestId('resources-tab').waitFor();
  }

  async function waitStatus(page, status, timeout = kReadyMs) {
    await page.locator(`[data-testid=resource-status][data-status="${status}"]`).first().waitFor({
      timeout,
    });
  }

  test(
    'the owner team creates a Redis, follows its journal to ready, connects and deletes it',
    { timeout: 180_000 },
    async () => {
      await withPage(kDev, async (page) => {
        await openResourcesTab(page);
        await page.getByTestId('new-resource').click();
        const form = page.getByTestId('create-resource-form');
        // The standard's values, and what the team may change.
        assert.match(await form.getByTestId('standard-size').innerText(), /Standard: s\b/);
        const settings = form.getByTestId('standard-settings');
        assert.equal(
          await settings.locator('[data-setting=backup_retention_days]').getAttribute(
            'data-overridable',
          ),
          'yes',
        );
        const memory = settings.locator('[data-setting=maxmemory_mb]');
        assert.equal(await memory.getAttribute('data-overridable'), 'no');
        assert.match(await memory.innerText(), /fixed by the standard/);

        // A bad name: the server's error shows under the name field.
        await form.locator('#field-name').fill('Bad Name');
        await form.getByTestId('create-resource-submit').click();
        const nameError = form.locator('[data-field=name] .field-error');
        await nameError.waitFor();
        assert.match(await nameError.innerText(), /name/i);
        // A bad override value: shown on its setting's row.
        await form.locator('#field-name').fill('cache');
        await form.getByLabel('Override backup_retention_days').fill('99');
        await form.getByTestId('create-resource-submit').click();
        const retentionError = settings.locator('[data-setting=backup_retention_days] .field-error');
        await retentionError.waitFor();
        assert.match(await retentionError.innerText(), /0 to 35/);
        await screenshot(page, 'resource-create-form');
        await form.getByLabel('Override backup_retention_days').fill('');

        await form.locator('#field-spec\\.size').selectOption('m');
        await form.getByTestId('create-resource-submit').click();
        await page.waitForURL(/\/resources\/[^/]+$/);
        const id = page.url().split('/').pop();
        await page.getByTestId('resource-name').filter({ hasText: 'cache' }).waitFor();

        // The journal grows live up to ready.
        await waitStatus(page, 'ready');
        const done = page.locator('[data-testid=journal-entry][data-event=done]');
        await done.first().waitFor();
        assert.ok((await done.count()) >= 1);
        assert.equal(await page.getByTestId('journal-live').count(), 0);
        assert.equal(await page.getByTestId('live-state-value').innerText(), 'available');
        const settingsBox = page.getByTestId('effective-settings');
        assert.match(await settingsBox.locator('[data-setting=size]').innerText(), /m\s+the team/);

        // How to connect, with the password only now.
        const connection = page.getByTestId('connection');
        await connection.waitFor();
        const port = Number(await connection.getByTestId('connection-port').innerText());
        assert.ok(port > 0);
        const created = await api.ok('GET', `/api/v1/resources/${id}`);
        assert.equal(created.status, 'ready');
        assert.equal(JSON.stringify(created).includes('auth_token'), false);
        const oneTime = page.getByTestId('one-time-password');
        await oneTime.waitFor();
        const command = await oneTime.getByTestId('full-command').innerText();
        const match = /^redis-cli -h 127\.0\.0\.1 -p (\d+) -a ([A-Za-z0-9_-]+)$/.exec(command);
        assert.ok(match, command);
        assert.equal(Number(match[1]), port);
        assert.match(await oneTime.innerText(), /shown only now/);
        assert.match(await oneTime.innerText(), /resources: \[cache\]/);
        assert.equal(
          await oneTime.getByTestId('redis-url').innerText(),
          `redis://:${match[2]}@127.0.0.1:${port}`,
        );
        // The password the page shows opens the Redis; no answer of the API carries it.
        assert.equal(await redisAuthPing(port, match[2]), '+OK\r\n+PONG\r\n');
        assert.equal(JSON.stringify(created).includes(match[2]), false);
        await screenshot(page, 'resource-ready');
        // After a reload the password is gone; only the command that asks for it stays.
        await page.reload();
        await page.getByTestId('connection').waitFor();
        assert.equal(await page.getByTestId('one-time-password').count(), 0);
        assert.match(await page.getByTestId('connection-command').innerText(), /--askpass$/);
        assert.match(await page.getByTestId('connection-env').innerText(), /REDIS_URL\s+secret/);

        // Change its size in place: a refused value shows at its field, then the update runs
        // as a journaled job and the settings show the new size.
        await page.getByTestId('change-resource').click();
        const change = page.getByTestId('change-form');
        await change.locator('#field-spec\\.engine_version').fill('seven');
        await change.getByTestId('confirm-change').click();
        await change.locator('[data-field="spec.engine_version"] .field-error').waitFor();
        await change.locator('#field-spec\\.engine_version').fill('7.0');
        await change.locator('#field-spec\\.size').selectOption('l');
        await change.getByTestId('confirm-change').click();
        await page
          .locator('[data-testid=journal-entry][data-saga=update][data-event=done]')
          .first()
          .waitFor({ timeout: kReadyMs });
        await waitStatus(page, 'ready');
        const sizeRow = page.getByTestId('effective-settings').locator('[data-setting=size]');
        await eventually('size l', async () => /^size\s+l\s+the team$/.test(await sizeRow.innerText()));

        // Delete by typing the name.
        await page.getByTestId('delete-resource').click();
        const deleteForm = page.getByTestId('delete-form');
        await deleteForm.locator('#field-confirm').fill('cach');
        assert.equal(await deleteForm.getByTestId('confirm-delete').isDisabled(), true);
        await deleteForm.locator('#field-confirm').fill('cache');
        await deleteForm.getByTestId('confirm-delete').click();
        await waitStatus(page, 'deleted');
        assert.ok(
          (await page.locator('[data-testid=journal-entry][data-saga=delete]').count()) >= 1,
        );
        assert.equal(await page.getByTestId('delete-resource').count(), 0);

        // The tab lists it no more; the list across projects filters by the query string.
        await openResourcesTab(page);
        await page.getByTestId('no-resources').waitFor();
      });
    },
  );

  test('another team sees the resource but may not create or delete it', async () => {
    const created = await api.ok('POST', `/api/v1/projects/${kProject}/resources`, {
      kind: 'redis',
      name: 'shared',
      environment: 'alpha',
    });
    await eventually(
      'shared ready',
      async () => (await api.ok('GET', `/api/v1/resources/${created.id}`)).status === 'ready',
      kReadyMs,
    );
    await withPage(kOther, async (page) => {
      await openResourcesTab(page);
      const row = page.locator('[data-testid=resource-row][data-name=shared]');
      await row.waitFor();
      assert.equal(await page.getByTestId('new-resource').count(), 0);
      await row.getByRole('link', { name: 'shared' }).click();
      await waitStatus(page, 'ready');
      await page.getByTestId('resource-actions').waitFor();
      assert.equal(await page.getByTestId('delete-resource').count(), 0);
      assert.equal(await page.getByTestId('toggle-protection').count(), 0);

      // The list across projects, filtered through the query string.
      await page.goto('/resources?team=chat-platform');
      await page.locator('[data-testid=resource-row][data-name=shared]').waitFor();
      await page.getByTestId('filter-kind').selectOption('dynamodb');
      await page.waitForURL(/kind=dynamodb/);
      await page.getByTestId('no-resources').waitFor();
      assert.match(page.url(), /team=chat-platform/);
    });
    const refusedCreate = await otherApi.call('POST', `/api/v1/projects/${kProject}/resources`, {
      kind: 'redis',
      name: 'mine',
      environment: 'alpha',
    });
    assert.equal(refusedCreate.status, 403, JSON.stringify(refusedCreate.body));
    const refusedDelete = await otherApi.call(
      'DELETE',
      `/api/v1/resources/${created.id}?confirm=shared`,
    );
    assert.equal(refusedDelete.status, 403, JSON.stringify(refusedDelete.body));
    await api.ok('DELETE', `/api/v1/resources/${created.id}?confirm=shared`);
  });

  test('a static site shows its URL, takes an upload and serves it sandboxed', async () => {
    const created = await api.ok('POST', `/api/v1/projects/${kProject}/resources`, {
      kind: 'static-site',
      name: 'handbook',
      environment: 'alpha',
    });
    await eventually(
      'handbook ready',
      async () => (await api.ok('GET', `/api/v1/resources/${created.id}`)).status === 'ready',
      kReadyMs,
    );
    const devApi = await userApi(server.url, kDev.login, kDev.password);
    await devApi.ok(
      'PUT',
      `/api/v1/resources/${created.id}/site/files/index.html`,
      '<!doctype html><title>Handbook</title><h1 id="hello">Hello from the handbook</h1>',
      'text/html',
    );
    const refused = await otherApi.call(
      'PUT',
      `/api/v1/resources/${created.id}/site/files/index.html`,
      'defaced',
      'text/html',
    );
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    await withPage(kDev, async (page) => {
      await page.goto(`/resources/${created.id}`);
      await waitStatus(page, 'ready');
      const link = page.getByTestId('site-url');
      await link.waitFor();
      // Paved's public URL + /sites/<id>/ (this server listens on a port it picked, which its
      // configured address does not know: the test visits the same path on it).
      assert.match(await link.getAttribute('href'), new RegExp(`/sites/${created.id}/$`));
      const url = `${server.url}/sites/${created.id}/`;
      assert.match(
        await page.getByTestId('connection-command').innerText(),
        /^paved resources upload handbook \S+ -p chat-gateway --env alpha$/,
      );
      assert.match(await page.getByTestId('connection-env').innerText(), /STATIC_SITE_URL/);
      await screenshot(page, 'static-site-ready');
      const answer = await page.goto(url);
      assert.equal(answer.status(), 200);
      assert.match(answer.headers()['content-security-policy'], /^sandbox allow-scripts/);
      assert.equal(await page.locator('#hello').innerText(), 'Hello from the handbook');
      // The page runs with an opaque origin: it cannot read Paved's session.
      assert.equal(await page.evaluate(() => window.origin), 'null');
      const missing = await page.goto(`${url}missing.html`);
      assert.equal(missing.status(), 404);
    });
    await api.ok('DELETE', `/api/v1/resources/${created.id}?confirm=handbook`);
  });

  test('an sre lifts the protection of a production resource with a reason', async () => {
    const created = await api.ok('POST', `/api/v1/projects/${kProject}/resources`, {
      kind: 'redis',
      name: 'sessions',
      environment: 'production',
    });
    assert.equal(created.deletion_protection, true);
    await eventually(
      'sessions ready',
      async () => (await api.ok('GET', `/api/v1/resources/${created.id}`)).status === 'ready',
      kReadyMs,
    );
    await withPage(kDev, async (page) => {
      await page.goto(`/resources/${created.id}`);
      await waitStatus(page, 'ready');
      assert.equal(await page.getByTestId('protection').innerText(), 'on');
      await page.getByTestId('protected-note').waitFor();
      assert.equal(await page.getByTestId('delete-resource').count(), 0);
      assert.equal(await page.getByTestId('toggle-protection').count(), 0);
    });
    await withPage(kSre, async (page) => {
      await page.goto(`/resources/${created.id}`);
      await waitStatus(page, 'ready');
      const form = page.getByTestId('protection-form');
      await form.getByTestId('toggle-protection').click();
      const reasonError = form.locator('.field-error');
      await reasonError.waitFor();
      assert.match(await reasonError.innerText(), /reason/);
      await form.locator('#field-reason').fill('retiring the old sessions store');
      await form.getByTestId('toggle-protection').click();
      await page.getByTestId('protection').filter({ hasText: 'off' }).waitFor();
      await page.getByTestId('delete-resource').click();
      await page.getByTestId('delete-form').locator('#field-confirm').fill('sessions');
      await page.getByTestId('confirm-delete').click();
      await waitStatus(page, 'deleted');
    });
    const audit = await api.ok('GET', `/api/v1/audit?subject=resource:${created.id}`);
    assert.match(JSON.stringify(audit), /retiring the old sessions store/);
  });

  test('an sre edits the standard; a developer only reads it', async () => {
    await withPage(kDev, async (page) => {
      await page.goto('/resources/standards');
      await page.locator('[data-testid=profile][data-account=local]').first().waitFor();
      assert.equal(await page.getByTestId('edit-profile').count(), 0);
      assert.equal(await page.getByTestId('new-profile').count(), 0);
    });
    await withPage(kSre, async (page) => {
      await page.goto('/resources');
      await page.getByRole('link', { name: 'The standard' }).click();
      await page.waitForURL('**/resources/standards');
      const alpha = page.locator('[data-testid=profile][data-account=local][data-environment=alpha]');
      await alpha.getByTestId('edit-profile').click();
      const editor = page.getByTestId('profile-editor');
      const json = JSON.parse(await editor.locator('#profile-json').inputValue());
      json.defaults.common = { ...json.defaults.common, maintenance_window: 'sun:05:00-sun:05:30' };
      await editor.locator('#profile-json').fill(JSON.stringify(json, null, 2));
      await editor.getByTestId('save-profile').click();
      await editor.getByTestId('profile-error-field').waitFor();
      assert.equal(
        await editor.getByTestId('profile-error-field').innerText(),
        'defaults.common.maintenance_window',
      );

      json.defaults.common.maintenance_window = 'sun:05:00-sun:06:00';
      json.defaults.redis.size = 'm';
      await editor.locator('#profile-json').fill(JSON.stringify(json, null, 2));
      await editor.getByTestId('save-profile').click();
      await page.getByTestId('profile-editor').waitFor({ state: 'detached' });
      await alpha.filter({ hasText: 'set by sre-res' }).waitFor();
      assert.match(await alpha.getByTestId('profile-json').innerText(), /sun:05:00-sun:06:00/);
      await screenshot(page, 'resource-standards');
    });
    const profiles = await api.ok('GET', '/api/v1/resource-profiles');
    const alpha = profiles.items.find((p) => p.account === 'local' && p.environment === 'alpha');
    assert.equal(alpha.defaults.redis.size, 'm');
    assert.equal(alpha.updated_by, kSre.login);
  });
});
