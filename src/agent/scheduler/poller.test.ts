import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { jitteredInterval, startPoller } from './poller.ts';

describe('jitteredInterval', () => {
  test('spreads the interval by ± jitter', () => {
    assert.equal(
      jitteredInterval(10_000, 0.1, () => 0),
      9_000,
    );
    assert.equal(
      jitteredInterval(10_000, 0.1, () => 0.5),
      10_000,
    );
    assert.equal(
      jitteredInterval(10_000, 0.1, () => 0.999999),
      11_000,
    );
    assert.equal(
      jitteredInterval(10_000, 0, () => 0.9),
      10_000,
    );
  });

  test('is never below 1 ms', () => {
    assert.equal(
      jitteredInterval(1, 1, () => 0),
      1,
    );
  });
});

describe('startPoller', () => {
  test('ticks at once, then again after the interval, and not after stop()', async () => {
    let ticks = 0;
    let resolveTwo: () => void = () => {};
    const two = new Promise<void>((resolve) => {
      resolveTwo = resolve;
    });
    const poller = startPoller({
      intervalMs: 5,
      jitter: 0,
      random: Math.random,
      onTick: () => {
        ticks++;
        if (ticks === 2) resolveTwo();
      },
    });
    await two;
    poller.stop();
    const seen = ticks;
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(ticks, seen, 'no tick after stop()');
  });
});
