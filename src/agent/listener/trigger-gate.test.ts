import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeTrigger, resyncNonce, wrapWspPush } from '../../notification/index.ts';
import type { TriggerFields } from '../../notification/index.ts';
import { createTriggerGate } from './trigger-gate.ts';

const nonce = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
const secret = { serverPassword: 'srvsecret', nonce };
const lookup = (serverId: string) => (serverId === 'com.example.dms' ? secret : undefined);
const fields: TriggerFields = {
  uiMode: 'background',
  initiator: 'server',
  sessionId: 0x1a2b,
  serverId: 'com.example.dms',
};

describe('createTriggerGate', () => {
  test('accepts a trigger signed with the stored SRVCRED nonce, with its session id in hex', () => {
    const outcome = createTriggerGate(lookup).handle(encodeTrigger(fields, secret));
    assert.deepEqual(outcome, {
      kind: 'accepted',
      serverId: 'com.example.dms',
      sessionId: '1A2B',
      resync: false,
      uiMode: 'background',
    });
  });

  test('accepts the zero-nonce resynchronisation and says so', () => {
    const bytes = encodeTrigger({ ...fields, sessionId: 0x001a }, { ...secret, nonce: resyncNonce() });
    const outcome = createTriggerGate(lookup).handle(bytes);
    assert.equal(outcome.kind, 'accepted');
    assert.equal(outcome.kind === 'accepted' && outcome.resync, true);
    assert.equal(outcome.kind === 'accepted' && outcome.sessionId, '1A');
  });

  test('the same session id twice gives one acceptance, then duplicate', () => {
    const gate = createTriggerGate(lookup);
    const bytes = encodeTrigger(fields, secret);
    assert.equal(gate.handle(bytes).kind, 'accepted');
    assert.equal(gate.handle(bytes).kind, 'duplicate');
    assert.equal(gate.handle(encodeTrigger({ ...fields, sessionId: 7 }, secret)).kind, 'accepted');
  });

  test('a bad digest is refused and not remembered: the genuine trigger still works', () => {
    const gate = createTriggerGate(lookup);
    const forged = encodeTrigger(fields, { ...secret, serverPassword: 'guess' });
    assert.equal(gate.handle(forged).kind, 'bad-digest');
    assert.equal(gate.handle(encodeTrigger(fields, secret)).kind, 'accepted');
  });

  test('an unknown server id and undecodable bytes start nothing', () => {
    const gate = createTriggerGate(lookup);
    const other = encodeTrigger({ ...fields, serverId: 'other' }, secret);
    assert.deepEqual(gate.handle(other), { kind: 'unknown-server', serverId: 'other', sessionId: '1A2B' });
    for (const bytes of [new Uint8Array(0), new Uint8Array(10), new Uint8Array(300).fill(0xff)]) {
      assert.equal(gate.handle(bytes).kind, 'malformed');
    }
  });

  test('an account without a SRVCRED secret cannot verify anything: no session', () => {
    const gate = createTriggerGate(() => 'no-secret');
    const bytes = encodeTrigger(fields, { serverPassword: '', nonce });
    assert.equal(gate.handle(bytes).kind, 'no-secret');
  });

  test('reads package #0 inside a WSP push too', () => {
    const outcome = createTriggerGate(lookup).handle(
      wrapWspPush(encodeTrigger(fields, secret), { transactionId: 9 }),
    );
    assert.equal(outcome.kind, 'accepted');
  });

  test('forgets the oldest accepted ids beyond its memory', () => {
    const gate = createTriggerGate(lookup, 2);
    const t = (id: number) => encodeTrigger({ ...fields, sessionId: id }, secret);
    gate.handle(t(1));
    gate.handle(t(2));
    gate.handle(t(3));
    assert.equal(gate.handle(t(3)).kind, 'duplicate');
    assert.equal(gate.handle(t(1)).kind, 'accepted', 'id 1 was forgotten');
  });

  test('random bytes never throw', () => {
    const gate = createTriggerGate(lookup);
    let seed = 7;
    for (let i = 0; i < 2_000; i++) {
      const length = i % 80;
      const bytes = new Uint8Array(length);
      for (let j = 0; j < length; j++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        bytes[j] = seed >>> 24;
      }
      assert.doesNotThrow(() => gate.handle(bytes));
    }
  });
});
