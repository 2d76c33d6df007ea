import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DmTree } from '../../tree/index.ts';
import { mountScomoMo } from '../device/mo.ts';
import { run } from '../test-support.ts';
import { buildGets } from './builders.ts';
import { advanceDiscovery, startDiscovery } from './discovery.ts';
import type { Discovery, DiscoveryReply } from './discovery.ts';

/** A device answering Gets from a real tree; `refuseList` makes it answer 406 to ?list (older clients). */
function answerer(tree: DmTree, refuseList = false) {
  return (uris: readonly string[]): DiscoveryReply[] =>
    run(tree, buildGets(uris)).map((r) => {
      const uri = r.target ?? '';
      if (refuseList && uri.includes('?list=')) return { uri, status: 406 };
      if (r.status !== 200) return { uri, status: r.status };
      const results = r.results ?? [];
      if (uri.includes('?list=')) {
        return {
          uri,
          status: 200,
          entries: results.map((i) => ({
            uri: i.source?.locURI ?? '',
            ...(i.meta?.format === undefined ? {} : { format: i.meta.format }),
            ...(i.meta?.type === undefined ? {} : { type: i.meta.type }),
          })),
        };
      }
      const data = results[0]?.data;
      return { uri, status: 200, ...(typeof data === 'string' ? { data } : {}) };
    });
}

function discover(tree: DmTree, refuseList = false): { result: Discovery; phases: string[] } {
  const ask = answerer(tree, refuseList);
  let d = startDiscovery();
  const phases: string[] = [];
  while (d.phase !== 'done') {
    phases.push(d.phase);
    d = advanceDiscovery(d, ask(d.gets));
    assert.ok(phases.length < 10);
  }
  return { result: d, phases };
}

function deviceTree(root: string, version: '1.0' | '1.1' = '1.0'): DmTree {
  const tree = new DmTree();
  tree.local.setProperties('.', { acl: 'Add=*&Get=*' });
  tree.local.add('./DevInfo/DevId', { data: 'IMEI:1' });
  mountScomoMo({ tree, root, version });
  return tree;
}

describe('finding the SCOMO root by its Type', () => {
  test('./SCOMO is found by the first probe', () => {
    const tree = deviceTree('./SCOMO');
    const d = startDiscovery();
    assert.deepEqual(d.gets, ['./SCOMO?prop=Type', './SCM?prop=Type']);
    const { result, phases } = discover(tree);
    assert.deepEqual(phases, ['probe']);
    assert.equal(result.root, './SCOMO');
    assert.equal(result.version, '1.0');
  });

  test('Verizon ./SCM with SCOMO 1.1 is found by the probe too', () => {
    const { result } = discover(deviceTree('./SCM', '1.1'));
    assert.deepEqual([result.root, result.version], ['./SCM', '1.1']);
  });

  test('a root elsewhere is found in the Struct listing by its Meta Type', () => {
    const { result, phases } = discover(deviceTree('./Vendor/Mgmt/Software'));
    assert.deepEqual(phases, ['probe', 'struct']);
    assert.equal(result.root, './Vendor/Mgmt/Software');
  });

  test('Struct without types: nodes with an Inventory or Download child are asked for their Type', () => {
    const d = advanceDiscovery({ phase: 'struct', gets: ['.?list=Struct'], probed: ['./SCOMO', './SCM'] }, [
      {
        uri: '.?list=Struct',
        status: 200,
        entries: [
          { uri: '.', format: 'node' },
          { uri: './A', format: 'node' },
          { uri: './A/SW', format: 'node' },
          { uri: './A/SW/Inventory', format: 'node' },
          { uri: './B', format: 'node' },
          { uri: './B/Download', format: 'chr' },
        ],
      },
    ]);
    assert.deepEqual(d, {
      phase: 'props',
      gets: ['./A/SW?prop=Type'],
      probed: ['./SCOMO', './SCM', './A/SW'],
    });
    const found = advanceDiscovery(d, [
      { uri: './A/SW?prop=Type', status: 200, data: 'urn:oma:mo:oma-scomo:1.0' },
    ]);
    assert.deepEqual([found.phase, found.root], ['done', './A/SW']);
    const none = advanceDiscovery(d, [{ uri: './A/SW?prop=Type', status: 200, data: 'urn:x' }]);
    assert.deepEqual([none.phase, none.root], ['done', undefined]);
  });

  test('a device refusing ?list: the top-level nodes are asked for their Type', () => {
    const { result, phases } = discover(deviceTree('./SoftwareMO'), true);
    assert.deepEqual(phases, ['probe', 'struct', 'children', 'props']);
    assert.equal(result.root, './SoftwareMO');
  });

  test('no SCOMO at all: done without a root', () => {
    const tree = new DmTree();
    tree.local.add('./DevInfo/DevId', { data: 'IMEI:1' });
    const { result } = discover(tree);
    assert.deepEqual([result.phase, result.root], ['done', undefined]);
    const { result: refused } = discover(tree, true);
    assert.equal(refused.root, undefined);
    assert.equal(advanceDiscovery(result, []), result, 'done stays done');
  });
});
