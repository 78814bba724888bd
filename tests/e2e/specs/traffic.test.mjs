// Browser tests of the traffic pages: an sre stores a flow-log analysis of local-production
// through the API (yesterday and the day before); the platform Traffic page ranks the teams by
// cross-zone cost with the unowned sender kept; a chat-platform developer sees chat-gateway's
// Traffic tab with its top edges, and gets the server's refusal on ads-api's tab.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { adminApi, userApi } from "../lib/api.mjs";
import { launchBrowser, runInPage, screenshot } from "../lib/browser.mjs";
import { startServer } from "../lib/server.mjs";

const kDev = { login: "dev-chat", password: "e2e-dev-Secret-42" };
const kSre = { login: "sre-traffic", password: "e2e-sre-Secret-42" };
const kGb = 1_000_000_000;

function dayBefore(n) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

function flow(src, dst, srcZone, dstZone, byDay) {
  const bytes = Object.values(byDay).reduce((a, b) => a + b, 0);
  return {
    src,
    dst,
    src_zone: srcZone,
    dst_zone: dstZone,
    bytes,
    cross_zone_bytes: srcZone !== dstZone ? bytes : 0,
    bytes_by_day: byDay,
  };
}

function report(flows) {
  const sum = (k) => flows.reduce((a, f) => a + f[k], 0);
  return {
    schema: "vpc-flow-xzone/1",
    flows,
    totals: { bytes: sum("bytes"), cross_zone_bytes: sum("cross_zone_bytes") },
    unattributed_bytes: 0,
    unattributed_detail: { src_no_pod_bytes: 0, dst_no_pod_bytes: 0 },
    rejected_egress_bytes: 0,
    counts: {
      counted_records: 4,
      lines: 4,
      files: 1,
      uncompressed_bytes: 400,
      undirected_records: 0,
    },
  };
}

describe("traffic", () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer("traffic");
    browser = await launchBrowser();
    const api = await adminApi(server.url);
    await api.ok("POST", "/api/v1/users", { ...kDev, role: "developer" });
    await api.ok("POST", "/api/v1/teams/chat-platform/members", {
      login: kDev.login,
    });
    await api.ok("POST", "/api/v1/users", { ...kSre, role: "sre" });
    const sre = await userApi(server.url, kSre.login, kSre.password);
    const [d1, d2] = [dayBefore(1), dayBefore(2)];
    const body = report([
      // chat-gateway → ads-api across zones: 100 GB, $2.00.
      flow("chat-gateway/web", "ads-api/api", "az1", "az2", {
        [d2]: 40 * kGb,
        [d1]: 60 * kGb,
      }),
      // ads-api → chat-consumer across zones: 25 GB, $0.50.
      flow("ads-api/api", "chat-consumer/worker", "az2", "az1", {
        [d1]: 25 * kGb,
      }),
      // an unowned sender: 10 GB, $0.20.
      flow("kube-system/coredns", "chat-gateway/web", "az1", "az3", {
        [d1]: 10 * kGb,
      }),
    ]);
    const refused = await sre.call(
      "POST",
      "/api/v1/traffic/analyses?cluster=nowhere",
      body,
    );
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.field, "cluster");
    const stored = await sre.ok(
      "POST",
      "/api/v1/traffic/analyses?cluster=local-production&name=flows.json",
      body,
    );
    assert.equal(stored.cross_zone_bytes, 135 * kGb);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("the platform Traffic page ranks teams by cross-zone cost", async () => {
    await runInPage(browser, server.url, async (page) => {
      await page.goto("/traffic");
      const teams = page.getByTestId("traffic-by-team");
      await teams.locator("tbody tr").first().waitFor();
      const cost = (team) =>
        teams
          .locator(`tr[data-team="${team}"] [data-testid="traffic-group-cost"]`)
          .textContent();
      assert.equal(await cost("chat-platform"), "$2.00");
      assert.equal(await cost("ads"), "$0.50");
      assert.equal(await cost("unowned"), "$0.20");
      const rows = await teams.locator("tbody tr").allTextContents();
      assert.match(rows[0], /chat-platform/);
      assert.equal(
        await page.getByTestId("traffic-total").textContent(),
        "$2.70",
      );
      await page
        .getByTestId("traffic-by-workload")
        .getByText("chat-gateway/web")
        .waitFor();
      await screenshot(page, "traffic");
    });
  });

  test("a developer sees their project's Traffic tab and not another team's", async () => {
    await runInPage(
      browser,
      server.url,
      async (page) => {
        await page.goto("/projects/chat-gateway?tab=traffic");
        const tab = page.getByTestId("traffic-tab");
        await tab.getByTestId("traffic-edges").waitFor();
        assert.equal(
          await tab.getByTestId("traffic-cost").textContent(),
          "$2.00",
        );
        const edges = await tab
          .getByTestId("traffic-edges")
          .locator("tbody tr")
          .allTextContents();
        assert.equal(edges.length, 2);
        assert.match(edges[0], /out.*chat-gateway\/web.*ads-api\/api.*100 GB/);
        assert.match(edges[1], /in.*kube-system\/coredns/);
        await tab.locator("canvas").waitFor();
        await screenshot(page, "project-traffic");
        await page.goto("/projects/ads-api?tab=traffic");
        await page
          .getByTestId("traffic-tab")
          .getByText("only members of team ads")
          .waitFor();
      },
      kDev,
    );
  });
});
