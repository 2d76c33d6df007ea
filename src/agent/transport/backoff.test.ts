import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay } from './backoff.ts';

const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('backoffDelay', () => {
  test('doubles per retry and stays within [half, whole] of the exponential value', () => {
    for (const [retry, ceiling] of [
      [1, 100],
      [2, 200],
      [3, 400],
      [4, 800],
    ] as const) {
      assert.equal(
        backoffDelay(retry, policy, () => 0),
        ceiling / 2,
      );
      assert.equal(
        backoffDelay(retry, policy, () => 0.999999),
        ceiling,
      );
      const middle = backoffDelay(retry, policy, () => 0.5);
      assert.ok(middle > ceiling / 2 && middle < ceiling, `retry ${retry}: ${middle}`);
    }
  });

  test('never exceeds the cap, however many retries', () => {
    for (const retry of [5, 10, 40, 1_000]) {
      const delay = backoffDelay(retry, policy, () => 0.999999);
      assert.ok(delay <= policy.maxDelayMs, `retry ${retry}: ${delay}`);
      assert.ok(delay >= policy.maxDelayMs / 2);
    }
  });

  test('a broken random source cannot give negative, infinite or NaN delays', () => {
    for (const value of [-5, Number.NaN, Number.POSITIVE_INFINITY, 7]) {
      const delay = backoffDelay(3, policy, () => value);
      assert.ok(Number.isFinite(delay) && delay >= 200 && delay <= 400, `random ${value}: ${delay}`);
    }
  });
});
