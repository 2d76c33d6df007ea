import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { T0, answered, command } from './fixtures.ts';
import type { WithStore } from './fixtures.ts';

export function queueContract(withStore: WithStore): void {
  describe('command queue', () => {
    test('enqueue stores a pending command with an increasing seq, idempotent on id', () =>
      withStore(async (store) => {
        const a = await store.enqueueCommand(command('a', 'D', { tag: 'job1', expiresAt: T0 + 5 }));
        const b = await store.enqueueCommand(command('b', 'D'));
        assert.equal(a.created, true);
        assert.deepEqual(a.command, {
          ...command('a', 'D', { tag: 'job1', expiresAt: T0 + 5 }),
          seq: a.command.seq,
          state: 'pending',
          claimedBy: null,
          claimedAt: null,
          attempts: 0,
          resolvedAt: null,
          outcome: null,
        });
        assert.ok(b.command.seq > a.command.seq);
        const again = await store.enqueueCommand(command('a', 'D', { payload: 'different' }));
        assert.equal(again.created, false);
        assert.deepEqual(again.command, a.command);
        assert.equal((await store.listCommands()).length, 2);
      }));

    test('claim takes pending, unexpired commands of the device in seq order, up to the limit', () =>
      withStore(async (store) => {
        await store.enqueueCommand(command('1', 'D'));
        await store.enqueueCommand(command('x', 'OTHER'));
        await store.enqueueCommand(command('2', 'D', { expiresAt: T0 + 10 }));
        await store.enqueueCommand(command('3', 'D', { expiresAt: T0 + 100 }));
        await store.enqueueCommand(command('4', 'D'));
        const claimed = await store.claimCommands('D', 'tok', T0 + 10, 2);
        assert.deepEqual(
          claimed.map((c) => c.id),
          ['1', '3'],
        );
        for (const c of claimed) {
          assert.equal(c.state, 'claimed');
          assert.equal(c.claimedBy, 'tok');
          assert.equal(c.claimedAt, T0 + 10);
          assert.equal(c.attempts, 1);
        }
        assert.deepEqual(
          (await store.claimCommands('D', 'tok', T0 + 10, 10)).map((c) => c.id),
          ['4'],
        );
        assert.deepEqual(await store.claimCommands('D', 'tok2', T0 + 10, 10), []);
        assert.equal((await store.getCommand('2'))?.state, 'pending');
      }));

    test('concurrent claims by two sessions never share a command', () =>
      withStore(async (store) => {
        for (let i = 0; i < 20; i += 1) await store.enqueueCommand(command(`c${i}`, 'D'));
        const [a, b, c] = await Promise.all([
          store.claimCommands('D', 'tokA', T0, 7),
          store.claimCommands('D', 'tokB', T0, 7),
          store.claimCommands('D', 'tokC', T0, 7),
        ]);
        const ids = [...a, ...b, ...c].map((x) => x.id);
        assert.equal(ids.length, 20);
        assert.equal(new Set(ids).size, 20);
      }));

    test('release gives claimed commands back, keeping attempts', () =>
      withStore(async (store) => {
        for (const id of ['1', '2', '3']) await store.enqueueCommand(command(id, 'D'));
        await store.claimCommands('D', 'tokA', T0, 3);
        assert.equal(await store.releaseCommands('tokB'), 0);
        assert.equal(await store.releaseCommands('tokA', ['2']), 1);
        assert.deepEqual(
          (await store.listCommands({ states: ['pending'] })).map((c) => c.id),
          ['2'],
        );
        assert.equal(await store.releaseCommands('tokA'), 2);
        const all = await store.listCommands();
        assert.deepEqual(
          all.map((c) => [c.state, c.claimedBy, c.claimedAt, c.attempts]),
          [
            ['pending', null, null, 1],
            ['pending', null, null, 1],
            ['pending', null, null, 1],
          ],
        );
        const again = await store.claimCommands('D', 'tokB', T0 + 1, 1);
        assert.deepEqual(
          again.map((c) => [c.id, c.attempts]),
          [['1', 2]],
        );
      }));

    test('resolve happens exactly once; a second resolve reports the first outcome', () =>
      withStore(async (store) => {
        await store.enqueueCommand(command('1', 'D'));
        await store.claimCommands('D', 'tok', T0, 1);
        const first = await store.resolveCommand('1', answered, T0 + 7);
        assert.equal(first.resolved, true);
        assert.deepEqual(
          first.resolved
            ? [first.command.state, first.command.outcome, first.command.resolvedAt, first.command.claimedBy]
            : [],
          ['resolved', answered, T0 + 7, null],
        );
        const second = await store.resolveCommand('1', { kind: 'cancelled', reason: 'late' }, T0 + 8);
        assert.equal(second.resolved, false);
        assert.equal(!second.resolved && second.reason, 'already-resolved');
        assert.deepEqual(
          !second.resolved && second.reason === 'already-resolved' ? second.command.outcome : null,
          answered,
        );
        assert.deepEqual(await store.resolveCommand('nope', answered, T0), {
          resolved: false,
          reason: 'not-found',
        });
        assert.equal(await store.releaseCommands('tok'), 0);
        assert.deepEqual(await store.claimCommands('D', 'tok2', T0 + 9, 5), []);
      }));

    test('a pending command can be resolved (cancelled) before any claim', () =>
      withStore(async (store) => {
        await store.enqueueCommand(command('1', 'D'));
        const r = await store.resolveCommand('1', { kind: 'cancelled', reason: null }, T0);
        assert.equal(r.resolved, true);
        assert.deepEqual(await store.claimCommands('D', 'tok', T0, 5), []);
      }));

    test('concurrent resolves: exactly one wins', () =>
      withStore(async (store) => {
        await store.enqueueCommand(command('1', 'D'));
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            store.resolveCommand('1', { kind: 'failed', code: `C${i}`, message: 'm' }, T0 + i),
          ),
        );
        const winners = results.filter((r) => r.resolved);
        assert.equal(winners.length, 1);
        const stored = await store.getCommand('1');
        assert.deepEqual(stored?.outcome, winners[0]?.resolved ? winners[0].command.outcome : undefined);
      }));

    test('listCommands filters by device, state, tag and seq, in seq order', () =>
      withStore(async (store) => {
        await store.enqueueCommand(command('1', 'D', { tag: 'j' }));
        await store.enqueueCommand(command('2', 'E', { tag: 'j' }));
        await store.enqueueCommand(command('3', 'D'));
        await store.enqueueCommand(command('4', 'D', { tag: 'j' }));
        await store.claimCommands('D', 'tok', T0, 1);
        assert.deepEqual(
          (await store.listCommands({ devId: 'D' })).map((c) => c.id),
          ['1', '3', '4'],
        );
        assert.deepEqual(
          (await store.listCommands({ devId: 'D', states: ['pending'] })).map((c) => c.id),
          ['3', '4'],
        );
        assert.deepEqual(
          (await store.listCommands({ tag: 'j' })).map((c) => c.id),
          ['1', '2', '4'],
        );
        const first = (await store.getCommand('2'))?.seq ?? 0;
        assert.deepEqual(
          (await store.listCommands({ afterSeq: first, limit: 1 })).map((c) => c.id),
          ['3'],
        );
        assert.deepEqual(await store.listCommands({ states: [] }), []);
      }));

    test('expireCommands resolves only pending commands past their expiry', () =>
      withStore(async (store) => {
        await store.enqueueCommand(command('old', 'D', { expiresAt: T0 + 10 }));
        await store.enqueueCommand(command('claimed', 'D', { expiresAt: T0 + 50 }));
        await store.enqueueCommand(command('fresh', 'D', { expiresAt: T0 + 1000 }));
        await store.enqueueCommand(command('forever', 'D'));
        await store.claimCommands('D', 'tok', T0, 1);
        await store.releaseCommands('tok');
        await store.claimCommands('D', 'tok', T0, 2); // claims old + claimed
        await store.releaseCommands('tok', ['old']);
        const expired = await store.expireCommands(T0 + 100);
        assert.deepEqual(
          expired.map((c) => [c.id, c.state, c.resolvedAt, c.outcome]),
          [['old', 'resolved', T0 + 100, { kind: 'expired' }]],
        );
        assert.equal((await store.getCommand('claimed'))?.state, 'claimed');
        assert.equal((await store.getCommand('fresh'))?.state, 'pending');
        assert.deepEqual(await store.expireCommands(T0 + 100), []);
      }));

    test('every outcome shape round-trips', () =>
      withStore(async (store) => {
        const outcomes = [
          answered,
          { kind: 'failed', code: 'SCOMO_SERVER_SESSION_ABORTED', message: 'aborted' },
          { kind: 'expired' },
          { kind: 'cancelled', reason: 'operator' },
        ] as const;
        for (const [i, outcome] of outcomes.entries()) {
          await store.enqueueCommand(
            command(`o${i}`, 'D', { payload: { nested: { bytes: 'AAE=', list: [1, true, null] } } }),
          );
          await store.resolveCommand(`o${i}`, outcome, T0);
          const stored = await store.getCommand(`o${i}`);
          assert.deepEqual(stored?.outcome, outcome);
          assert.deepEqual(stored?.payload, { nested: { bytes: 'AAE=', list: [1, true, null] } });
        }
      }));
  });
}
