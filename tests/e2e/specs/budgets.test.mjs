// Browser tests of budgets: a developer of the team asks for its budget on the Budgets page,
// sees no Approve button on their own request (and the API refuses them 403), an sre approves it
// there and the budget shows with its actual and forecast bars.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { adminApi, userApi } from "../lib/api.mjs";
import { launchBrowser, runInPage, screenshot } from "../lib/browser.mjs";
import { startServer } from "../lib/server.mjs";

// The demo team chat-platform.
const kTeam = "chat-platform";
const kDev = { login: "dev-budget", password: "e2e-dev-Secret-42" };
const kSre = { login: "sre-budget", password: "e2e-sre-Secret-42" };

describe("budgets", () => {
  let server;
  let browser;
  let devApi;

  before(async () => {
    server = await startServer("budgets");
    browser = await launchBrowser();
    const api = await adminApi(server.url);
    await api.ok("POST", "/api/v1/users", { ...kDev, role: "developer" });
    await api.ok("POST", `/api/v1/teams/${kTeam}/members`, {
      login: kDev.login,
    });
    await api.ok("POST", "/api/v1/users", { ...kSre, role: "sre" });
    devApi = await userApi(server.url, kDev.login, kDev.password);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("a developer asks, cannot approve their own request, an sre approves", async () => {
    let id;
    await runInPage(
      browser,
      server.url,
      async (page) => {
        await page.goto("/budgets");
        await page.getByTestId("budget-requests-empty").waitFor();
        const form = page.getByTestId("budget-request-form");
        await form.getByLabel("Team").fill(kTeam);
        await form.getByLabel("USD a month").fill("1000");
        await form.getByLabel("Reason").fill("december launch");
        await form.getByRole("button", { name: "Request" }).click();
        const row = page.locator(
          `[data-testid=budget-request][data-team=${kTeam}]`,
        );
        await row.waitFor();
        id = await row.getAttribute("data-id");
        assert.equal(
          await row.getByRole("button", { name: "Approve" }).count(),
          0,
        );
        await row.getByTestId("budget-waits").waitFor();
        await screenshot(page, "budgets-requested");
      },
      kDev,
    );
    const self = await devApi.call(
      "POST",
      `/api/v1/budgets/requests/${id}/approve`,
      {},
    );
    assert.equal(self.status, 403);
    assert.equal(self.body.error.code, "approver_required");

    await runInPage(
      browser,
      server.url,
      async (page) => {
        await page.goto("/budgets");
        const row = page.locator(
          `[data-testid=budget-request][data-id="${id}"]`,
        );
        await row.getByRole("button", { name: "Approve" }).click();
        await page.getByTestId("budget-requests-empty").waitFor();
        const bars = page.locator(
          `[data-testid=budget-bars][data-team=${kTeam}]`,
        );
        await bars.waitFor();
        assert.equal(
          await bars.getByTestId("budget-amount").innerText(),
          "1,000",
        );
        await bars.getByTestId("budget-actual").waitFor();
        await bars.getByTestId("budget-forecast").waitFor();
        await screenshot(page, "budgets-approved");
      },
      kSre,
    );
  });
});
