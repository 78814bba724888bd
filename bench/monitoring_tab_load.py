#!/usr/bin/env python3
"""Monitoring tab latency against a real Prometheus, on 127.0.0.1 only.

Loads six hours of a namespace's Istio and container series (two services, one sample a minute)
into Debian's Prometheus with `promtool tsdb create-blocks-from openmetrics`, starts
`paved serve` (SQLite, demo data) pointed at it, and asks the Monitoring tab's API for the demo
project chat-gateway's last six hours ROUNDS times, one request at a time. As a baseline it sends
the same PromQL straight to Prometheus the way Paved does (every query at once), so the
difference is what Paved adds on top of Prometheus' own query time. Target: that difference's
p99 < 100 ms.

Usage: bench/monitoring_tab_load.py [PATH_TO_PAVED]   (ROUNDS=200 by default)
"""
import concurrent.futures
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROUNDS = int(os.environ.get("ROUNDS", "200"))
PASSWORD = "bench-admin-password-1"
HOURS = 6
NS = "chat-gateway"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def open_metrics(start, end):
    lines = []
    for service, ok, failed in (("web", 10.0, 0.5), ("api", 2.0, 0.0)):
        dst = (f'reporter="destination",destination_service_namespace="{NS}",'
               f'destination_service_name="{service}"')
        pod = f'namespace="{NS}",pod="{service}-1",container="{service}"'
        for t in range(start, end + 1, 60):
            s = t - start
            lines.append(f'istio_requests_total{{{dst},response_code="200"}} {ok * s} {t}')
            lines.append(f'istio_requests_total{{{dst},response_code="503"}} {failed * s} {t}')
            for le, share in (("100", 0.9), ("250", 0.99), ("+Inf", 1.0)):
                lines.append(f'istio_request_duration_milliseconds_bucket{{{dst},le="{le}"}} '
                             f'{(ok + failed) * share * s} {t}')
            lines.append(f'container_memory_working_set_bytes{{{pod}}} {(100 + s / 360) * 2**20} {t}')
            lines.append(f'kube_pod_container_resource_limits{{{pod},resource="memory",'
                         f'unit="byte"}} {512 * 2**20} {t}')
    return "\n".join(lines) + "\n# EOF\n"


def wait_http(url, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def get(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.read()


def post(url, body, headers=None):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r, json.loads(r.read())


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    paved = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "build", "src", "cli", "paved")
    for tool in ("prometheus", "promtool"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed (scripts/install-deps)")
    work = tempfile.mkdtemp(prefix="paved-bench-monitoring-")
    procs = []
    try:
        now = int(time.time())
        start = now - HOURS * 3600
        with open(os.path.join(work, "samples.om"), "w") as f:
            f.write(open_metrics(start, now - 60))
        subprocess.run(["promtool", "tsdb", "create-blocks-from", "openmetrics",
                        os.path.join(work, "samples.om"), os.path.join(work, "tsdb")],
                       check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(work, "prometheus.yml"), "w") as f:
            f.write("global:\n  scrape_interval: 1h\n")
        prom = f"http://127.0.0.1:{free_port()}"
        procs.append(subprocess.Popen(
            ["prometheus", f"--config.file={work}/prometheus.yml",
             f"--storage.tsdb.path={work}/tsdb", "--storage.tsdb.retention.time=30d",
             f"--web.listen-address={prom[len('http://'):]}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_http(prom + "/-/ready")

        with open(os.path.join(work, "paved.yaml"), "w") as f:
            f.write(f"monitoring:\n  prometheus_url: {prom}\n")
        base = f"http://127.0.0.1:{free_port()}"
        procs.append(subprocess.Popen(
            [paved, "serve", "--listen", base[len("http://"):], "--data-dir", f"{work}/data",
             "--config", f"{work}/paved.yaml"],
            env={**os.environ, "PAVED_ADMIN_PASSWORD": PASSWORD},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_http(base + "/healthz")
        r, login = post(base + "/api/v1/auth/login", {"login": "admin", "password": PASSWORD})
        cookie = r.headers["Set-Cookie"].split(";")[0]
        _, token = post(base + "/api/v1/tokens", {"name": "bench"},
                        {"Cookie": cookie, "X-CSRF-Token": login["csrf_token"]})
        auth = {"Authorization": "Bearer " + token["token"]}

        target = f"{base}/api/v1/projects/{NS}/monitoring/signals?namespace={NS}"
        first = json.loads(get(target, auth))
        window = first["window"]
        panels = [p["promql"] for p in first["panels"]]
        if not panels or any(p["error"] for p in first["panels"]):
            raise SystemExit(f"the signals answer has no panels or an error: {first}")
        points = sum(len(s["points"]) for p in first["panels"] for s in p["series"])

        def direct_round(pool):
            urls = [prom + "/api/v1/query_range?" + urllib.parse.urlencode(
                {"query": q, "start": window["from"], "end": window["to"], "step": window["step"]})
                for q in panels]
            t0 = time.perf_counter()
            list(pool.map(get, urls))
            return time.perf_counter() - t0

        api, direct = [], []
        with concurrent.futures.ThreadPoolExecutor(len(panels)) as pool:
            for _ in range(ROUNDS):
                t0 = time.perf_counter()
                get(target, auth)
                api.append(time.perf_counter() - t0)
                direct.append(direct_round(pool))
        ms = lambda v: f"{v * 1000:.1f} ms"
        print(f"Monitoring tab, {ROUNDS} rounds, {len(panels)} range queries + capacity and SLO "
              f"instant queries, {points} points per answer")
        print(f"{'':34} {'p50':>9} {'p99':>9}")
        print(f"{'API (Paved + Prometheus)':34} {ms(percentile(api, 50)):>9} "
              f"{ms(percentile(api, 99)):>9}")
        print(f"{'range queries straight to Prometheus':34} {ms(percentile(direct, 50)):>9} "
              f"{ms(percentile(direct, 99)):>9}")
        extra = [a - d for a, d in zip(api, direct)]
        p99 = percentile(extra, 99)
        print(f"{'Paved on top (per round)':34} {ms(percentile(extra, 50)):>9} {ms(p99):>9}"
              f"   target p99 < 100 ms: {'met' if p99 < 0.1 else 'MISSED'}")
        return 0 if p99 < 0.1 else 1
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
