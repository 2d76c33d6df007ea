import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { maxMessagesFor } from './run-session.ts';

describe('maxMessagesFor', () => {
  test("the engine's 1000, plus room for an object of MaxObjSize in chunks of half a message", () => {
    assert.equal(maxMessagesFor({ maxMsgSize: 65_536, maxObjSize: 4 * 1024 * 1024 }), 1000 + 128);
    assert.equal(maxMessagesFor({ maxMsgSize: 65_536, maxObjSize: 200_000_000 }), 1000 + 6104);
    assert.ok(maxMessagesFor({ maxMsgSize: 1024, maxObjSize: 1 }) >= 1001);
  });
});
