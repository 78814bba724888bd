// Browser tests of the cost pages: the sample bill (src/cost/testdata/cur-sample.csv, October
// 2026) is imported through the API; the Cost page shows each team's cost (the demo project
// chat-gateway's line under its owner chat-platform, the untagged lines as unowned), the unowned
// page names the resources that need an owner, and the project's Cost tab shows its own cost.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { adminApi } from "../lib/api.mjs";
import { launchBrowser, runInPage, screenshot } from "../lib/browser.mjs";
import { repoRoot, startServer } from "../lib/server.mjs";

const kBill = path.join(repoRoot, "src/cost/testdata/cur-sample.csv");

describe("cost", () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer("cost");
    browser = await launchBrowser();
    const api = await adminApi(server.url);
    const imported = await api.ok(
      "POST",
      "/api/v1/cost/imports?name=cur-sample.csv",
      fs.readFileSync(kBill, "utf8"),
      "text/csv",
    );
    assert.equal(imported.lines, 4);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("the cost page shows each team, the unowned cost and its lines", async () => {
    await runInPage(browser, server.url, async (page) => {
      await page.goto("/cost?month=2026-10");
      const teams = page.getByTestId("cost-teams");
      await teams.waitFor();
      const effective = (team) =>
        teams.locator(`tr[data-team="${team}"] [data-testid="team-effective"]`);
      // a1 0.259 (project tag chat-gateway → chat-platform); a2 0.125 + a4 0.474 untagged;
      // a3 0.0184 (team tag ads).
      assert.equal(await effective("chat-platform").textContent(), "$0.26");
      assert.equal(await effective("unowned").textContent(), "$0.60");
      assert.equal(await effective("ads").textContent(), "$0.02");
      assert.equal(
        await page.getByTestId("cost-billed").textContent(),
        "$0.88",
      );
      await page.getByTestId("chart-daily-by-team").locator("canvas").waitFor();
      await page.getByTestId("budget-panel").waitFor();
      await screenshot(page, "cost");
      await page
        .getByRole("link", { name: "the lines that need an owner" })
        .click();
      await page
        .getByTestId("unowned-lines")
        .locator("tbody tr")
        .first()
        .waitFor();
      assert.equal(
        await page.getByTestId("unowned-total").textContent(),
        "$0.60",
      );
      const rows = await page
        .getByTestId("unowned-lines")
        .locator("tbody tr")
        .allTextContents();
      assert.equal(rows.length, 2);
      assert.match(rows[0], /i-0b1/);
      assert.match(rows[1], /i-0a1/);
    });
  });

  test("a project's Cost tab shows its own cost", async () => {
    await runInPage(browser, server.url, async (page) => {
      await page.goto("/projects/chat-gateway?tab=cost");
      const tab = page.getByTestId("cost-tab");
      await tab.waitFor();
      await tab.getByLabel("Month").fill("2026-10");
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="cost-effective"]')
            ?.textContent === "$0.26",
      );
      assert.equal(await tab.getByTestId("cost-billed").textContent(), "$0.26");
      await tab.locator("canvas").waitFor();
      await screenshot(page, "project-cost");
    });
  });
});
