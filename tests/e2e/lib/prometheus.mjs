// A real Prometheus serving known samples for the browser tests: OpenMetrics text is turned into
// TSDB blocks by `promtool tsdb create-blocks-from openmetrics` and served by Debian's
// `prometheus` on a free loopback port. It scrapes nothing.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eventually } from './wait.mjs';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Returns {url, stop}; stop() ends Prometheus and removes its data. */
export async function startPrometheus(openMetrics) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-e2e-prom-'));
  fs.writeFileSync(path.join(dir, 'samples.om'), openMetrics);
  execFileSync('promtool', [
    'tsdb', 'create-blocks-from', 'openmetrics', path.join(dir, 'samples.om'), path.join(dir, 'data'),
  ], { stdio: 'ignore' });
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1h\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn('prometheus', [
    `--config.file=${path.join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    '--storage.tsdb.retention.time=30d',
    `--web.listen-address=127.0.0.1:${port}`,
  ], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await eventually('prometheus ready', async () => (await fetch(`${url}/-/ready`)).ok, 30_000);
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
