import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../errors/index.ts';
import { DmTree } from './tree.ts';
import type { MoPlugin, PluginExecRequest, PluginRequest, PluginWriteRequest } from './plugin.ts';

const ctx = { serverId: 'srv', now: 1000 };

function fixture(onPluginError?: (err: unknown) => void): DmTree {
  const t = new DmTree(onPluginError ? { onPluginError } : {});
  t.local.setProperties('.', { acl: 'Add=*&Delete=*&Exec=*&Get=*&Replace=*' });
  t.local.add('./MO', { format: 'node', type: 'urn:test:mo' });
  t.local.add('./MO/Stored', { data: 'kept' });
  t.local.add('./Other', { data: 'o' });
  return t;
}

describe('mount dispatch', () => {
  test('Get below the mount goes to the plugin with the request details; elsewhere it does not', () => {
    const t = fixture();
    const seen: PluginRequest[] = [];
    t.mount('./MO', {
      get(req) {
        seen.push(req);
        return {
          status: 200,
          result: {
            kind: 'value',
            format: 'chr',
            type: 'text/plain',
            data: `virtual:${req.relative.join('/')}`,
          },
        };
      },
    });
    assert.deepEqual(t.get('MO/Dyn/X', ctx), {
      status: 200,
      result: { kind: 'value', format: 'chr', type: 'text/plain', data: 'virtual:Dyn/X' },
    });
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.uri, './MO/Dyn/X');
    assert.deepEqual(seen[0]?.segments, ['MO', 'Dyn', 'X']);
    assert.equal(seen[0]?.serverId, 'srv');
    assert.equal(seen[0]?.now, 1000);
    assert.equal(t.get('./Other', ctx).status, 200);
    assert.equal(seen.length, 1, 'not called outside its mount');
    assert.equal(t.get('./MO/Stored?prop=Name', ctx).status, 200);
    assert.equal(seen.length, 1, '?prop requests are answered by the ordinary tree');
  });

  test('next() runs the ordinary behaviour so a plugin can validate and delegate storage', () => {
    const t = fixture();
    const plugin: MoPlugin = {
      add(req: PluginWriteRequest, next) {
        if (req.relative[0] === 'Status' && req.item.format !== 'int') return 415;
        return next();
      },
    };
    t.mount('./MO', plugin);
    assert.equal(t.add('./MO/Status', { data: 'x' }, ctx), 415);
    assert.equal(t.get('./MO/Status', ctx).status, 404, 'nothing stored');
    assert.equal(t.add('./MO/Status', { format: 'int', data: '10' }, ctx), 200);
    assert.equal(t.local.read('./MO/Status'), '10');
  });

  test('the longest mount prefix wins', () => {
    const t = fixture();
    const calls: string[] = [];
    t.mount('./MO', { delete: (_r, next) => (calls.push('outer'), next()) });
    t.mount('./MO/Inner', { delete: (_r, next) => (calls.push('inner'), next()) });
    t.local.add('./MO/Inner/X', { data: '1' });
    assert.equal(t.delete('./MO/Inner/X', ctx), 200);
    assert.equal(t.delete('./MO/Stored', ctx), 200);
    assert.deepEqual(calls, ['inner', 'outer']);
  });

  test('Copy into a mount goes through the plugin’s Add', () => {
    const t = fixture();
    const added: string[] = [];
    t.mount('./MO', { add: (req, next) => (added.push(req.uri), next()) });
    assert.equal(t.copy('./Other', './MO/Copied', ctx), 200);
    assert.deepEqual(added, ['./MO/Copied']);
    assert.equal(t.local.read('./MO/Copied'), 'o');
  });

  test('mount errors and unmount', () => {
    const t = fixture();
    const unmount = t.mount('./MO', {});
    assert.throws(
      () => t.mount('MO', {}),
      (e: unknown) => isScomoError(e, 'SCOMO_TREE_MOUNT_EXISTS'),
    );
    assert.throws(
      () => t.mount('./MO/', {}),
      (e: unknown) => isScomoError(e, 'SCOMO_TREE_BAD_URI'),
    );
    unmount();
    assert.doesNotThrow(() => t.mount('./MO', {}));
  });
});

describe('checks before a plugin runs', () => {
  test('425 from the nearest existing node’s ACL; the plugin is not asked', () => {
    const t = fixture();
    let calls = 0;
    t.mount('./MO', {
      get: () => (calls++, { status: 404 }),
      exec: () => (calls++, { status: 200 }),
      add: () => (calls++, 200),
    });
    t.local.setProperties('./MO', { acl: 'Get=admin&Exec=admin&Add=admin' });
    assert.equal(t.get('./MO/Virtual', ctx).status, 425);
    assert.deepEqual(t.exec('./MO/Stored', {}, ctx), { status: 425 });
    assert.equal(t.add('./MO/New', { data: '1' }, ctx), 425);
    assert.equal(calls, 0);
  });

  test('an explicit AccessType without Exec answers 405 without asking the plugin', () => {
    const t = fixture();
    let calls = 0;
    t.mount('./MO', { exec: () => (calls++, { status: 200 }) });
    t.local.add('./MO/NotExec', { data: '', access: ['Get'] });
    assert.deepEqual(t.exec('./MO/NotExec', {}, ctx), { status: 405 });
    assert.equal(calls, 0);
  });
});

describe('Exec through a plugin', () => {
  test('receives data, correlator and the server id; may answer 202 and update the tree', () => {
    const t = fixture();
    let got: PluginExecRequest | undefined;
    t.local.add('./MO/Ops/Install', { format: 'null', access: ['Get', 'Exec'] });
    t.local.add('./MO/Status', { format: 'int', data: '10' });
    t.mount('./MO', {
      exec(req) {
        got = req;
        req.tree.set('./MO/Status', { data: '30' });
        return { status: 202 };
      },
    });
    const before = t.revision;
    assert.deepEqual(t.exec('./MO/Ops/Install', { data: 'param', correlator: 'abc-1', format: 'chr' }, ctx), {
      status: 202,
    });
    assert.equal(got?.exec.correlator, 'abc-1');
    assert.equal(got?.exec.data, 'param');
    assert.equal(got?.serverId, 'srv');
    assert.deepEqual(got?.relative, ['Ops', 'Install']);
    assert.equal(t.local.read('./MO/Status'), '30');
    assert.equal(t.revision, before + 1, 'the plugin’s change was committed once');
  });

  test('without an exec handler the ordinary answer applies (405 / 404)', () => {
    const t = fixture();
    t.mount('./MO', {});
    assert.deepEqual(t.exec('./MO/Stored', {}, ctx), { status: 405 });
    assert.deepEqual(t.exec('./MO/None', {}, ctx), { status: 404 });
  });
});

describe('plugin failures', () => {
  test('a throwing plugin: 500, the error reported, its changes undone', () => {
    const errors: unknown[] = [];
    const t = fixture((e) => errors.push(e));
    t.mount('./MO', {
      replace(req, next) {
        next();
        req.tree.add('./MO/SideEffect', { data: 'x' });
        throw new Error('plugin bug');
      },
    });
    assert.equal(t.replace('./MO/Stored', { data: 'changed' }, ctx), 500);
    assert.equal(t.local.read('./MO/Stored'), 'kept');
    assert.equal(t.local.exists('./MO/SideEffect'), false);
    assert.equal(errors.length, 1);
    assert.equal((errors[0] as Error).message, 'plugin bug');
  });

  test('an unknown status from a plugin becomes 500 and is reported', () => {
    const errors: unknown[] = [];
    const t = fixture((e) => errors.push(e));
    t.mount('./MO', { delete: () => 299 as never });
    assert.equal(t.delete('./MO/Stored', ctx), 500);
    assert.ok(isScomoError(errors[0], 'SCOMO_TREE_PLUGIN_STATUS'));
  });

  test('state outside the tree rolls back through onRollback', () => {
    const t = fixture();
    const external: string[] = [];
    t.mount('./MO', {
      add(req, next) {
        external.push(req.uri);
        req.onRollback(() => external.pop());
        return next();
      },
    });
    const tx = t.begin();
    assert.equal(t.add('./MO/A', { data: '1' }, ctx), 200);
    assert.deepEqual(external, ['./MO/A']);
    tx.rollback();
    assert.deepEqual(external, []);
    assert.equal(t.local.exists('./MO/A'), false);
  });
});
