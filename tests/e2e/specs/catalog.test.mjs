// Browser tests of the catalog pages: Backstage import with preview, import errors, and handing
// an orphaned project to a new owner team.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { adminApi } from '../lib/api.mjs';
import { launchBrowser, runInPage, screenshot } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { eventually } from '../lib/wait.mjs';

/** A Backstage Group document. */
function group(name) {
  return [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Group',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  type: team',
    '  children: []',
  ].join('\n');
}

/** A Backstage Component document; `extra` lines go under spec. */
function component(name, owner, lifecycle, extra = []) {
  return [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name}`,
    `  description: The ${name} service`,
    'spec:',
    '  type: service',
    `  lifecycle: ${lifecycle}`,
    `  owner: group:${owner}`,
    ...extra.map((line) => `  ${line}`),
  ].join('\n');
}

function multiDoc(...documents) {
  return documents.join('\n---\n') + '\n';
}

describe('catalog web UI', () => {
  let server;
  let browser;
  let api;
  let tmpDir;

  before(async () => {
    server = await startServer('catalog');
    browser = await launchBrowser();
    api = await adminApi(server.url);
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-e2e-catalog-'));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  /** Runs `body` with a signed-in page in a fresh context, closing it after. */
  async function withPage(body) {
    await runInPage(browser, server.url, body);
  }

  async function openImportPage(page) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalog' }).click();
    await page.waitForURL('**/catalog/orphans');
    await page.getByRole('navigation', { name: 'Catalog' }).getByRole('link', { name: 'Import' }).click();
    await page.waitForURL('**/catalog/import');
  }

  /** The entity refs listed under `outcome` (created, updated, ...) of the shown result. */
  async function refs(page, outcome) {
    return page
      .locator(`[data-testid=import-${outcome}] li`)
      .evaluateAll((lis) => lis.map((li) => li.dataset.ref));
  }

  test('a pasted catalog-info.yaml is previewed, then imported', async () => {
    const yaml = multiDoc(
      group('storefront'),
      component('svc-alpha', 'storefront', 'production', ['system: checkout']),
      component('svc-beta', 'storefront', 'experimental', ['dependsOn:', '  - component:svc-alpha']),
    );
    await withPage(async (page) => {
      await openImportPage(page);
      await page.locator('#field-yaml').fill(yaml);
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.locator('[data-testid=import-result][data-preview=true]').waitFor();
      const created = await refs(page, 'created');
      assert.equal(created.length, 3, `created: ${created}`);
      for (const name of ['storefront', 'svc-alpha', 'svc-beta']) {
        assert.ok(created.some((r) => r.endsWith(name)), `${name} in ${created}`);
      }
      assert.equal(await page.locator('[data-testid=import-errors]').count(), 0);
      await screenshot(page, 'catalog-import-preview');

      // A preview changes nothing.
      assert.equal((await api.call('GET', '/api/v1/projects/svc-alpha')).status, 404);
      assert.equal((await api.call('GET', '/api/v1/projects/svc-beta')).status, 404);
      assert.equal((await api.call('GET', '/api/v1/teams/storefront')).status, 404);

      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.locator('[data-testid=import-result][data-preview=false]').waitFor();
      assert.equal((await refs(page, 'created')).length, 3);
      assert.equal((await api.ok('GET', '/api/v1/projects/svc-alpha')).owner_team, 'storefront');

      // The projects list shows both, with facet counts; a facet narrows the list.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
      await page.waitForURL('**/projects');
      const rows = page.locator('[data-testid=projects-table] tbody tr');
      await page.locator('[data-testid=projects-table] tr[data-slug=svc-alpha]').waitFor();
      await page.locator('[data-testid=projects-table] tr[data-slug=svc-beta]').waitFor();
      const production = page.locator('[data-facet=lifecycle] button[data-value=production]');
      assert.equal((await production.locator('.counter').textContent()).trim(), '1');
      await production.click();
      await page.waitForURL('**/projects?lifecycle=production');
      await eventually('only svc-alpha is production', async () => {
        const slugs = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.slug));
        return slugs.length === 1 && slugs[0] === 'svc-alpha';
      });
      await screenshot(page, 'projects-facets');

      // The project page shows the catalog fields and the relation from svc-beta.
      await page.locator('[data-testid=projects-table]').getByRole('link', { name: 'svc-alpha' }).click();
      await page.waitForURL('**/projects/svc-alpha');
      assert.equal(await page.getByTestId('lifecycle').textContent(), 'production');
      assert.equal(await page.getByTestId('owner-team').textContent(), 'storefront');
      assert.equal(await page.getByTestId('system').textContent(), 'checkout');
      await page.getByTestId('relations').getByRole('link', { name: 'svc-beta' }).waitFor();
      await screenshot(page, 'project-catalog');
    });
  });

  test('each paste is its own location; re-using one previews what it would orphan', async () => {
    const other = { login: 'paster-two', password: 'e2e-paster-Secret-42' };
    await api.ok('POST', '/api/v1/users', { ...other, role: 'sre' });
    // Two people paste different catalogs under the default location: neither orphans the other.
    let firstLocation;
    await withPage(async (page) => {
      await openImportPage(page);
      firstLocation = await page.locator('#field-location').inputValue();
      assert.match(firstLocation, /^paste:admin-/);
      await page.locator('#field-yaml').fill(multiDoc(group('paste-one'), component('paste-one-web', 'paste-one', 'production')));
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.locator('[data-testid=import-result][data-preview=false]').waitFor();
      assert.equal((await refs(page, 'created')).length, 2);
    });
    await runInPage(
      browser,
      server.url,
      async (page) => {
        await openImportPage(page);
        const location = await page.locator('#field-location').inputValue();
        assert.match(location, /^paste:paster-two-/);
        await page.locator('#field-yaml').fill(multiDoc(group('paste-two')));
        await page.getByRole('button', { name: 'Preview' }).click();
        await page.locator('[data-testid=import-result][data-preview=true]').waitFor();
        assert.deepEqual(await refs(page, 'orphaned'), []);
        await page.getByRole('button', { name: 'Import', exact: true }).click();
        await page.locator('[data-testid=import-result][data-preview=false]').waitFor();
        assert.deepEqual(await refs(page, 'orphaned'), []);
      },
      other,
    );
    assert.equal((await api.ok('GET', '/api/v1/projects/paste-one-web')).orphaned, false);

    // Pasting again under the first location without paste-one-web: the preview says it would
    // become an orphan, and nothing changes until the import.
    await withPage(async (page) => {
      await openImportPage(page);
      await page.locator('#field-location').fill(firstLocation);
      await page.locator('#field-yaml').fill(multiDoc(group('paste-one')));
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.locator('[data-testid=import-result][data-preview=true]').waitFor();
      assert.deepEqual(await refs(page, 'orphaned'), ['component:default/paste-one-web']);
      await screenshot(page, 'catalog-import-preview-orphans');
      assert.equal((await api.ok('GET', '/api/v1/projects/paste-one-web')).orphaned, false);
    });
  });

  test('a bad document is reported with its line, and nothing is imported', async () => {
    // Document 2 (lines 9-17) has no spec.owner.
    const yaml = multiDoc(
      group('bad-yaml-team'),
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: no-owner',
        'spec:',
        '  type: service',
        '  lifecycle: production',
      ].join('\n'),
    );
    await withPage(async (page) => {
      await openImportPage(page);
      await page.locator('#field-yaml').fill(yaml);
      await page.getByRole('button', { name: 'Preview' }).click();
      const error = page.locator('[data-testid=import-errors] tbody tr').first();
      await error.waitFor();
      assert.equal(await page.locator('[data-testid=import-errors] tbody tr').count(), 1);
      assert.equal(await error.getAttribute('data-document'), '2');
      const line = Number(await error.getAttribute('data-line'));
      assert.ok(line >= 9 && line <= 17, `line ${line} is in document 2`);
      assert.match(await error.textContent(), new RegExp(`line ${line}`));
      assert.match(await error.textContent(), /spec\.owner/);
      await screenshot(page, 'catalog-import-error');

      // Importing anyway is refused as a whole.
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.locator('[data-testid=import-result][data-preview=false]').waitFor();
      await page.locator('[data-testid=import-errors] tbody tr').first().waitFor();
      assert.equal((await api.call('GET', '/api/v1/projects/no-owner')).status, 404);
      assert.equal((await api.call('GET', '/api/v1/teams/bad-yaml-team')).status, 404);
    });
  });

  test('an orphaned project is transferred from "Needs an owner"', async () => {
    await api.ok('POST', '/api/v1/teams', { slug: 'rescuers', name: 'Rescuers' });
    const location = path.join(tmpDir, 'fleet.yaml');
    fs.writeFileSync(
      location,
      multiDoc(
        group('fleet'),
        component('fleet-api', 'fleet', 'production'),
        component('fleet-worker', 'fleet', 'production'),
      ),
    );
    await withPage(async (page) => {
      // First import through the form, by location.
      await openImportPage(page);
      await page.getByRole('radio', { name: 'From a URL' }).check();
      await page.locator('#field-url').fill(location);
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.locator('[data-testid=import-result][data-preview=false]').waitFor();
      assert.equal((await refs(page, 'created')).length, 3);

      // The location drops fleet-worker: importing it again leaves that project orphaned.
      fs.writeFileSync(location, multiDoc(group('fleet'), component('fleet-api', 'fleet', 'production')));
      const again = await api.ok('POST', '/api/v1/catalog/import', { url: location });
      assert.ok(again.orphaned.some((r) => r.endsWith('fleet-worker')), JSON.stringify(again));
      assert.equal((await api.ok('GET', '/api/v1/projects/fleet-worker')).orphaned, true);

      await page.goto('/catalog/orphans');
      const row = page.locator('[data-testid=orphans-table] tr[data-kind=project][data-id=fleet-worker]');
      await row.waitFor();
      await screenshot(page, 'catalog-orphans');
      await row.getByRole('link', { name: 'Transfer' }).click();
      await page.waitForURL('**/projects/fleet-worker?transfer=1');
      await page.getByTestId('orphan-banner').waitFor();

      const form = page.getByRole('form', { name: 'Transfer project' });
      await form.locator('#field-to_team').selectOption('rescuers');
      await form.locator('#field-reason').fill('fleet was wound down; rescuers run the worker now');
      await form.getByRole('button', { name: 'Transfer' }).click();
      await form.waitFor({ state: 'detached' });

      const entry = page.locator('[data-testid=ownership-history] tr[data-to-team=rescuers]');
      await entry.waitFor();
      assert.match(await entry.textContent(), /fleet was wound down/);
      assert.match(await entry.textContent(), /fleet/);
      await eventually('the owner to change', async () =>
        (await page.getByTestId('owner-team').textContent()) === 'rescuers');
      await page.getByTestId('orphan-banner').waitFor({ state: 'detached' });
      await screenshot(page, 'project-transferred');

      // It left the list.
      await page.goto('/catalog/orphans');
      await page.locator('[data-testid=orphans-table][data-loading=false]').waitFor();
      assert.equal(
        await page.locator('[data-testid=orphans-table] tr[data-id=fleet-worker]').count(),
        0,
      );
    });
  });
});
