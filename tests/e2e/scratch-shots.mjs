import { launchBrowser, loginThroughForm, newContext } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { adminApi } from './lib/api.mjs';
const server = await startServer('scratch');
const browser = await launchBrowser();
try {
  const api = await adminApi(server.url);
  await api.call('POST', '/api/v1/teams', { slug: 'payments', name: 'Payments' });
  await api.call('POST', '/api/v1/teams', { slug: 'infra', name: 'Infra' });
  const r = await api.call('POST', '/api/v1/projects', { slug: 'checkout', name: 'Checkout', owner_team: 'payments', lifecycle: 'production', tags: ['go', 'pci'], system: 'shop', owners: ['infra'], repo_url: 'https://git.example.com/checkout', links: [{url: 'https://grafana.example.com', title: 'Dashboard', icon: ''}] });
  if (r.status !== 201) { console.log(r); await api.call('POST', '/api/v1/projects', { slug: 'checkout', name: 'Checkout', owner_team: 'payments' }); }
  const context = await newContext(browser, server.url);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  await loginThroughForm(page);
  for (const [name, url] of [['projects', '/projects'], ['project', '/projects/checkout?transfer=1'], ['team', '/teams/payments'], ['orphans', '/catalog/orphans'], ['import', '/catalog/import'], ['scorecards', '/catalog/scorecards']]) {
    await page.goto(url);
    await page.waitForTimeout(800);
    await page.screenshot({ path: `/tmp/catalog-ui-shots/${name}.png`, fullPage: true });
  }
  if (process.argv[2] === 'edit') {
    await page.goto('/projects/checkout');
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `/tmp/catalog-ui-shots/edit.png`, fullPage: true });
  }
} finally {
  await browser.close();
  await server.stop();
}
