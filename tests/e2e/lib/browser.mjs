// Launches Debian's Chromium through playwright-core (no downloaded browsers).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { adminLogin, adminPassword, repoRoot } from './server.mjs';

export const screenshotDir = path.join(repoRoot, 'tests/e2e/screenshots');

/**
 * A headless Chromium. Playwright gives every launch a fresh temporary
 * profile (user-data-dir) and deletes it on close.
 */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A new browser context (own cookies) with a fixed viewport and time zone. */
export async function newContext(browser, baseURL) {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 800 },
    timezoneId: 'UTC',
    locale: 'en-US',
  });
  context.setDefaultTimeout(10_000);
  return context;
}

/** Signs in through the login form and waits for the projects page. */
export async function loginThroughForm(page, login = adminLogin, password = adminPassword) {
  await page.goto('/login');
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/projects');
  await page.getByTestId('current-user').filter({ hasText: login }).waitFor();
}

/**
 * Runs `body(page, context)` in a fresh context, signed in as `as` ({login, password}; the
 * admin by default; null: not signed in), closing the context after. Uncaught page errors fail
 * the test.
 */
export async function runInPage(browser, baseURL, body, as = {}) {
  const context = await newContext(browser, baseURL);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  try {
    if (as) await loginThroughForm(page, as.login, as.password);
    await body(page, context);
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, []);
}

/** Saves a full-page screenshot as screenshots/<name>.png. */
export async function screenshot(page, name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}
