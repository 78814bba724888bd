// Browser tests: the web UI served by a real `paved serve`, driven in Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, loginThroughForm, runInPage, screenshot } from '../lib/browser.mjs';
import { adminLogin, adminPassword, startServer } from '../lib/server.mjs';
import { eventually } from '../lib/wait.mjs';

describe('paved web UI', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer('ui');
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Runs `body` with a page in a fresh context (own cookies), closing it after. */
  async function withPage(body) {
    await runInPage(browser, server.url, body, null);
  }

  test('admin creates a team and a project, finds it, and sees the audit trail', async () => {
    await withPage(async (page) => {
      await loginThroughForm(page);

      // A team, through the Teams page.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' }).click();
      await page.waitForURL('**/teams');
      await page.getByRole('button', { name: 'New team' }).click();
      const teamForm = page.getByRole('form', { name: 'New team' });
      await teamForm.locator('#field-slug').fill('payments');
      await teamForm.locator('#field-name').fill('Payments');
      await teamForm.locator('#field-description').fill('Money in, money out');
      await teamForm.locator('#field-chat_channel').fill('#payments');
      await teamForm.getByRole('button', { name: 'Create team' }).click();
      await page.locator('[data-testid=teams-table] tr[data-slug=payments]').waitFor();

      // Two projects owned by it, through the Projects page.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
      await page.waitForURL('**/projects');
      await createProjectThroughForm(page, {
        slug: 'checkout',
        name: 'Checkout',
        description: 'Takes the money at the end of the funnel',
        owner: 'payments',
      });
      await createProjectThroughForm(page, {
        slug: 'ledger',
        name: 'Ledger',
        description: 'Double-entry bookkeeping',
        owner: 'payments',
      });
      const rows = page.locator('[data-testid=projects-table] tbody tr');
      await page.locator('[data-testid=projects-table] tr[data-slug=checkout]').waitFor();
      await page.locator('[data-testid=projects-table] tr[data-slug=ledger]').waitFor();
      await screenshot(page, 'projects');

      // Search narrows the list.
      await page.getByRole('searchbox', { name: 'Search projects' }).fill('checkout');
      await eventually('search to leave only checkout', async () => {
        const slugs = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.slug));
        return slugs.length === 1 && slugs[0] === 'checkout';
      });
      assert.match(page.url(), /[?&]q=checkout/);

      // The project page.
      await page.locator('[data-testid=projects-table]').getByRole('link', { name: 'Checkout' }).click();
      await page.waitForURL('**/projects/checkout');
      assert.equal(await page.getByTestId('project-name').textContent(), 'Checkout');
      assert.equal(await page.getByTestId('owner-team').textContent(), 'payments');
      await page.getByText('Takes the money at the end of the funnel').waitFor();
      await page.locator('[data-testid=events-table] tr[data-action="project.create"]').waitFor();
      await screenshot(page, 'project');

      // The owner team link leads to the team page, which lists the project.
      await page.getByTestId('owner-team').click();
      await page.waitForURL('**/teams/payments');
      await page.getByTestId('team-projects-table').getByRole('link', { name: 'Checkout' }).waitFor();

      // Members are added and removed on the team page.
      const addMember = page.getByRole('form', { name: 'Add member' });
      await addMember.getByRole('combobox', { name: 'Login' }).fill(adminLogin);
      await addMember.getByRole('button', { name: 'Add member' }).click();
      const member = page.locator(`[data-testid=members-table] tr[data-login="${adminLogin}"]`);
      await member.waitFor();
      await page.locator('[data-testid=events-table] tr[data-action="team.member_add"]').waitFor();
      await screenshot(page, 'team');
      await member.getByRole('button', { name: `Remove ${adminLogin}` }).click();
      await member.waitFor({ state: 'detached' });

      // The audit log has both creations.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
      await page.waitForURL('**/audit');
      const events = page.locator('[data-testid=events-table]');
      await events.locator('tr[data-action="team.create"]').filter({ hasText: 'team:payments' }).waitFor();
      await events.locator('tr[data-action="project.create"]').filter({ hasText: 'project:checkout' }).waitFor();
      await events.locator('tr[data-action="project.create"]').filter({ hasText: 'project:ledger' }).waitFor();
      await screenshot(page, 'audit');
    });
  });

  test('the audit log shows new events live, without a reload', async () => {
    await withPage(async (page) => {
      await loginThroughForm(page);
      await page.goto('/audit');
      await page.locator('[data-testid=live-status][data-live=true]').waitFor();
      await page.evaluate(() => {
        window.__sameDocument = true;
      });

      // A bearer token, made with the page's own cookie session and CSRF token.
      const token = await page.evaluate(async () => {
        const me = await (await fetch('/api/v1/me', { credentials: 'same-origin' })).json();
        const response = await fetch('/api/v1/tokens', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
          body: JSON.stringify({ name: 'e2e-live' }),
        });
        if (response.status !== 201) throw new Error(`POST /tokens: ${response.status}`);
        return (await response.json()).token;
      });
      assert.match(token, /^pvd_/);

      // A change made elsewhere (here: by this test, over the API).
      const response = await fetch(`${server.url}/api/v1/teams`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ slug: 'live-wire', name: 'Live Wire' }),
      });
      assert.equal(response.status, 201, await response.text());

      const row = page
        .locator('[data-testid=events-table] tr[data-action="team.create"]')
        .filter({ hasText: 'team:live-wire' });
      await row.waitFor({ timeout: 10_000 });
      const firstAction = await page
        .locator('[data-testid=events-table] tbody tr')
        .first()
        .getAttribute('data-action');
      assert.equal(firstAction, 'team.create', 'the newest event is at the top');
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload happened');
      assert.equal(await row.locator('td').nth(1).textContent(), adminLogin);
    });
  });

  test('a wrong password shows an error and stays on the login page', async () => {
    await withPage(async (page) => {
      await page.goto('/projects');
      await page.waitForURL('**/login?next=%2Fprojects');
      await page.locator('#login').fill(adminLogin);
      await page.locator('#password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const error = page.getByTestId('login-error');
      await error.waitFor();
      assert.notEqual((await error.textContent()).trim(), '');
      await screenshot(page, 'login-error');
      assert.match(page.url(), /\/login/);
      assert.equal(await page.getByTestId('current-user').count(), 0);
    });
  });

  test('an invalid field is highlighted with the API message', async () => {
    await withPage(async (page) => {
      await loginThroughForm(page);
      await page.goto('/teams');
      await page.getByRole('button', { name: 'New team' }).click();
      const form = page.getByRole('form', { name: 'New team' });
      await form.locator('#field-slug').fill('Not A Slug');
      await form.locator('#field-name').fill('Bad');
      await form.getByRole('button', { name: 'Create team' }).click();
      await form.locator('#field-slug.is-invalid').waitFor();
      const message = await form.locator('.form-group.invalid .field-error').textContent();
      assert.notEqual(message.trim(), '');
      await screenshot(page, 'field-error');
      assert.equal(await form.isVisible(), true, 'the form stays open for a correction');
    });
  });

  test('the owner filter and "Load more" page through many projects', async () => {
    const headers = await bearerHeaders();
    await postJson('/api/v1/teams', headers, { slug: 'bulk', name: 'Bulk' });
    const kCount = 57; // more than one default page of 50
    for (let i = 0; i < kCount; i++) {
      const slug = `bulk-${String(i).padStart(2, '0')}`;
      await postJson('/api/v1/projects', headers, { slug, name: slug, owner_team: 'bulk' });
    }
    await withPage(async (page) => {
      await loginThroughForm(page);
      await page.locator('select[name=owner]').selectOption('bulk');
      await page.waitForURL('**/projects?owner=bulk');
      const rows = page.locator('[data-testid=projects-table] tbody tr');
      const loadMore = page.getByRole('button', { name: 'Load more' });
      await loadMore.waitFor();
      const firstPage = await rows.count();
      assert.ok(firstPage > 0 && firstPage < kCount, `first page has ${firstPage} rows`);
      while ((await rows.count()) < kCount) {
        const before = await rows.count();
        await loadMore.click();
        await eventually('more rows', async () => (await rows.count()) > before);
      }
      const slugs = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.slug));
      assert.equal(new Set(slugs).size, kCount, 'every project once');
      assert.ok(slugs.every((s) => s.startsWith('bulk-')), 'only the bulk team');
      await page.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' });
    });
  });

  /** Authorization headers with a fresh bearer token for the admin. */
  async function bearerHeaders() {
    const login = await postJson('/api/v1/auth/login', {}, {
      login: adminLogin,
      password: adminPassword,
    });
    const cookie = login.headers.get('set-cookie').split(';')[0];
    const created = await postJson('/api/v1/tokens', {
      Cookie: cookie,
      'X-CSRF-Token': login.body.csrf_token,
    }, { name: 'e2e-bulk' });
    return { Authorization: `Bearer ${created.body.token}` };
  }

  /** POSTs JSON; fails the test unless the answer is 2xx. */
  async function postJson(path, headers, body) {
    const response = await fetch(server.url + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    assert.ok(response.ok, `POST ${path}: ${response.status} ${text}`);
    return { headers: response.headers, body: text ? JSON.parse(text) : null };
  }
});

async function createProjectThroughForm(page, { slug, name, description, owner }) {
  await page.getByRole('button', { name: 'New project' }).click();
  const form = page.getByRole('form', { name: 'New project' });
  await form.locator('#field-slug').fill(slug);
  await form.locator('#field-name').fill(name);
  await form.locator('#field-description').fill(description);
  await form.locator('#field-owner_team').selectOption(owner);
  await form.getByRole('button', { name: 'Create project' }).click();
  await form.waitFor({ state: 'detached' });
  await page.getByRole('status').filter({ hasText: `Project ${slug} created` }).waitFor();
}
