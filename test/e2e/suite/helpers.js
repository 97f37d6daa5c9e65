// Helpers shared by the extension-host test files (not a test file itself: index.js loads *.test.js).
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Call fn every 200 ms until it returns something truthy or the time is up (then the last value). */
async function poll(fn, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > end) return v;
    await sleep(200);
  }
}

module.exports = { sleep, poll };
