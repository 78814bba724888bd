// Starts a real `paved serve` for the browser tests and stops it again.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const resultsDir = path.join(repoRoot, 'tests/e2e/test-results');
export const adminLogin = 'admin';
export const adminPassword = 'e2e-admin-Secret-42';

const kStartTimeoutMs = 30_000;
const kStopTimeoutMs = 10_000;

/**
 * Runs `$PAVED_BIN serve` on a free loopback port with a fresh data directory
 * and waits for its `listening on http://HOST:PORT` line on stdout.
 * `options.config`: YAML text passed as `--config` (e.g. the alert sources' tokens).
 * Returns {url, stop}; stop() ends the server and removes the data directory.
 * Everything the server prints goes to test-results/server-<name>.log.
 */
export async function startServer(name = 'server', options = {}) {
  const bin = process.env.PAVED_BIN;
  if (!bin) throw new Error('PAVED_BIN is not set (path to the paved binary)');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-e2e-'));
  fs.mkdirSync(resultsDir, { recursive: true });
  const logPath = path.join(resultsDir, `server-${name}.log`);
  const log = fs.createWriteStream(logPath);
  const configArgs = [];
  if (options.config) {
    const configPath = path.join(dataDir, 'e2e-config.yaml');
    fs.writeFileSync(configPath, options.config);
    configArgs.push('--config', configPath);
  }
  const child = spawn(
    bin,
    [
      'serve',
      '--listen', '127.0.0.1:0',
      '--data-dir', dataDir,
      '--web-dir', path.join(repoRoot, 'web/dist'),
      ...configArgs,
    ],
    {
      env: { ...process.env, PAVED_ADMIN_PASSWORD: adminPassword },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stderr.on('data', (chunk) => log.write(chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  let url;
  try {
    url = await waitForListening(child, log, exited);
  } catch (e) {
    await killChild(child, exited);
    log.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${e.message}; server log: ${logPath}`);
  }

  return {
    url,
    logPath,
    async stop() {
      await killChild(child, exited);
      log.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function waitForListening(child, log, exited) {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    let found = false;
    const timer = setTimeout(
      () => reject(new Error(`no "listening on" line within ${kStartTimeoutMs} ms`)),
      kStartTimeoutMs,
    );
    lines.on('line', (line) => {
      log.write(line + '\n');
      const match = !found && /listening on (http:\/\/[^\s/]+)/.exec(line);
      if (match) {
        found = true;
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      if (!found) reject(new Error(`paved exited before listening (code ${code}, signal ${signal})`));
    });
  });
}

async function killChild(child, exited) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), kStopTimeoutMs);
  });
  const outcome = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
