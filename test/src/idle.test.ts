/**
 * Garbage collection steered to idle time: the session's idle timer fires once requests have
 * stopped for a while (not once per request), and the Node runtime's idle work scavenges the young
 * generation only when it is filling up.
 */
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { afterLongRequest, IdleTimer } from '../../server/out/adapter/idle';
import { collectWhileIdle } from '../../server/out/node/runtime';

/** Run `steps` under mocked timers with a 20 ms IdleTimer; `fired()` counts its calls. */
function withIdleTimer(steps: (timer: IdleTimer, fired: () => number) => void): void {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    let count = 0;
    const timer = new IdleTimer(20, () => count++);
    steps(timer, () => count);
  } finally {
    mock.timers.reset();
  }
}

test('idle timer: fires once, 20 ms after the last of several pokes, and again after the next poke', () => {
  withIdleTimer((timer, fired) => {
    timer.poke();
    mock.timers.tick(10);
    timer.poke(); // at 10 ms: the quiet time starts again
    mock.timers.tick(15); // 25 ms: the first wait is over, but only 15 ms were quiet
    assert.equal(fired(), 0);
    mock.timers.tick(5); // 30 ms: 20 ms quiet
    assert.equal(fired(), 1);
    mock.timers.tick(500);
    assert.equal(fired(), 1);
    timer.poke();
    mock.timers.tick(19);
    assert.equal(fired(), 1);
    mock.timers.tick(1);
    assert.equal(fired(), 2);
  });
});

test('idle timer: a wait held up by a long request counts its quiet time from the end of it', () => {
  withIdleTimer((timer, fired) => {
    timer.poke();
    // the thread is busy for 70 ms (the timer can only run after): not quiet
    mock.timers.setTime(Date.now() + 70);
    mock.timers.tick(0);
    assert.equal(fired(), 0);
    mock.timers.tick(19);
    assert.equal(fired(), 0);
    mock.timers.tick(1);
    assert.equal(fired(), 1);
  });
});

function youngFill(): number {
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  assert.ok(young, 'V8 reports a new_space');
  return young.space_used_size / (young.space_used_size + young.space_available_size);
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('idle work (Node): a young generation half full is scavenged; one that was just emptied is left alone', async () => {
  let scavenges = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (
        (e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR
      )
        scavenges++;
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    // garbage: short-lived objects until the young generation is at least half full
    let sink = 0;
    for (let i = 0; youngFill() < 0.5 && i < 1_000_000; i++) sink += [{ i }, { i }].length;
    assert.ok(sink > 0);
    const full = youngFill();
    assert.ok(full >= 0.5, `young generation filled to ${full}`);
    await pause(20); // the observer's entries for collections V8 ran by itself meanwhile
    const before = scavenges;
    collectWhileIdle();
    const after = youngFill();
    assert.ok(after < 0.25, `young generation at ${after} after the idle scavenge (was ${full})`);
    await pause(20);
    assert.equal(scavenges, before + 1);
    collectWhileIdle(); // below a quarter full: nothing to do
    await pause(20);
    assert.equal(scavenges, before + 1);
  } finally {
    observer.disconnect();
  }
});

test('a short request is answered at once; one of 25 ms or more after one turn of the event loop', async () => {
  // 24 ms: the answer itself, no promise
  assert.deepEqual(afterLongRequest(1000, { contents: 'x' }, 1024), { contents: 'x' });
  // 25 ms: a promise of the same answer, which waits for what was queued before it
  const order: string[] = [];
  setImmediate(() => order.push('queued before'));
  const answer = afterLongRequest(1000, { contents: 'x' }, 1025);
  assert.ok(answer instanceof Promise);
  order.push('returned');
  assert.deepEqual(await answer, { contents: 'x' });
  order.push('answered');
  assert.deepEqual(order, ['returned', 'queued before', 'answered']);
});
