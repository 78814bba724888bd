// Browser tests of the Monitoring tab: a real Prometheus holds three hours of chat-gateway's
// Istio request metrics (10 req/s answered, 0.5 req/s failing, 90 % under 100 ms) and its
// memory growing towards its limit; a chat-platform developer opens the project's Monitoring tab
// and sees the charts, the days until memory runs out, the SLOs' burn rates and the generated
// dashboards (deployment markers: the route's test,
// src/monitoring/golden/golden_routes_test.cc).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { adminApi, userApi } from "../lib/api.mjs";
import { launchBrowser, runInPage, screenshot } from "../lib/browser.mjs";
import { startPrometheus } from "../lib/prometheus.mjs";
import { startServer } from "../lib/server.mjs";

const kDev = { login: "dev-chat", password: "e2e-dev-Secret-42" };
const kMiB = 1024 * 1024;

// Samples every minute over [from, to] (unix seconds).
function openMetrics(from, to) {
  const lines = [];
  const series = (name, labels, value) => {
    for (let t = from; t <= to; t += 60) lines.push(`${name}{${labels}} ${value(t)} ${t}`);
  };
  const dst =
    'reporter="destination",destination_service_namespace="chat-gateway",destination_service_name="web"';
  const counter = (perSecond) => (t) => perSecond * (t - from);
  series("istio_requests_total", `${dst},response_code="200"`, counter(10));
  series("istio_requests_total", `${dst},response_code="503"`, counter(0.5));
  for (const [le, share] of [["100", 0.9], ["250", 0.99], ["+Inf", 1]]) {
    series("istio_request_duration_milliseconds_bucket", `${dst},le="${le}"`, counter(10.5 * share));
  }
  const c = 'namespace="chat-gateway",pod="web-1",container="web"';
  // 100 MiB growing by 20 MiB an hour, under a 512 MiB limit.
  series("container_memory_working_set_bytes", c, (t) => (100 + (20 * (t - from)) / 3600) * kMiB);
  series("kube_pod_container_resource_limits", `${c},resource="memory",unit="byte"`, () => 512 * kMiB);
  return lines.join("\n") + "\n# EOF\n";
}

describe("monitoring", () => {
  let prometheus;
  let server;
  let browser;
  let api;

  before(async () => {
    const now = Math.floor(Date.now() / 1000);
    prometheus = await startPrometheus(openMetrics(now - 3 * 3600, now - 120));
    server = await startServer("monitoring", {
      config: `monitoring:\n  prometheus_url: ${prometheus.url}\n`,
    });
    browser = await launchBrowser();
    const admin = await adminApi(server.url);
    await admin.ok("POST", "/api/v1/users", { ...kDev, role: "developer" });
    await admin.ok("POST", "/api/v1/teams/chat-platform/members", { login: kDev.login });
    api = await userApi(server.url, kDev.login, kDev.password);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await prometheus?.stop();
  });

  test("the API answers the signals Prometheus holds", async () => {
    const now = Math.floor(Date.now() / 1000);
    const answer = await api.ok(
      "GET",
      `/api/v1/projects/chat-gateway/monitoring/signals?from=${now - 3600}&to=${now - 600}`,
    );
    assert.equal(answer.namespace, "chat-gateway");
    const panel = (key) => answer.panels.find((p) => p.key === key);
    const last = (key) => panel(key).series[0].points.at(-1)[1];
    assert.ok(Math.abs(last("request_rate") - 10.5) < 1e-6, `rate ${last("request_rate")}`);
    assert.ok(Math.abs(last("error_ratio") - 0.5 / 10.5) < 1e-6);
    assert.ok(Math.abs(last("latency_p90") - 0.1) < 1e-6);
    const memory = answer.capacity.find((c) => c.resource === "memory");
    assert.equal(memory.service, "web");
    assert.ok(memory.days_left > 0.5 && memory.days_left < 1, `days left ${memory.days_left}`);
    // 0.5 of 10.5 requests fail against a 99.9 % objective: the hour burns 47.6 budgets.
    const web = answer.slos.find((s) => s.service === "web");
    assert.ok(Math.abs(web.availability.burn_rate_1h - 0.5 / 10.5 / 0.001) < 1e-3);
    assert.ok(web.availability.budget_remaining < 0, "the budget is overspent");
    const refused = await api.call(
      "GET",
      "/api/v1/projects/chat-gateway/monitoring/signals?cluster=nowhere",
    );
    assert.equal(refused.status, 404);
    assert.equal(refused.body.error.field, "cluster");
  });

  test("a developer sees RED and saturation charts and capacity on the Monitoring tab", async () => {
    await runInPage(
      browser,
      server.url,
      async (page) => {
        await page.goto("/projects/chat-gateway?tab=monitoring");
        const tab = page.getByTestId("monitoring-tab");
        for (const key of ["request_rate", "error_ratio", "latency_p99", "memory_limit_ratio"]) {
          await tab.getByTestId(`signal-${key}`).locator("canvas").waitFor();
        }
        const days = await tab.getByTestId("days-left-web-memory").textContent();
        assert.match(days, /^0\.\d days$/);
        assert.equal(await tab.getByTestId("slo-burn-web-availability").textContent(), "47.62×");
        assert.equal(await tab.getByTestId("slo-burn-web-latency").textContent(), "1.00×");
        await tab.getByTestId("dashboards-list").locator("tr", { hasText: "chat-gateway" }).first().waitFor();
        await screenshot(page, "project-monitoring");
      },
      kDev,
    );
  });
});
