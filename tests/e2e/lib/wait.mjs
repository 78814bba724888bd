// Polling helpers (playwright-core has locators but no `expect`).

/**
 * Calls `probe` until it returns a truthy value, which is returned; throws
 * with `what` and the last value after `timeoutMs`.
 */
export async function eventually(what, probe, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
