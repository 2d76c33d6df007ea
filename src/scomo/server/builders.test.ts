import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeMessage } from '../../syncml/index.ts';
import type { Command } from '../../syncml/index.ts';
import { asXml, device, leaf, run, throughCodec } from '../test-support.ts';
import {
  buildDeliverByUrl,
  buildDeliverOverDm,
  buildDeliveredOperation,
  buildDeployedOperation,
  buildDownloadOperation,
  buildGets,
  buildInventoryGet,
} from './builders.ts';

const CORPUS = new URL('../../../../shared/corpus/', import.meta.url);

function counter(start: number): () => string {
  let n = start - 1;
  return () => String(++n);
}

function statuses(replies: ReturnType<typeof run>): number[] {
  return replies.map((r) => r.status);
}

describe('deliver by URL (reference §1.10, seed flows 5.4.2 and 5.4.4)', () => {
  test('Add Download/<x> with its leaves in DDF order, then Exec with the correlator', () => {
    const commands = buildDeliverByUrl({
      node: 'p1',
      pkgId: 'com.example.app-1.0',
      name: 'App',
      pkgUrl: 'https://repo/app.tgz',
      installParams: '--fast',
      description: 'An app',
      envType: 'linux',
      pkgType: 'application/gzip',
      operation: 'DownloadInstall',
      correlator: 'job-1',
    });
    const t = (leafName: string, data: string) => ({
      target: { locURI: `./SCOMO/Download/p1/${leafName}` },
      meta: { format: 'chr' },
      data,
    });
    assert.deepEqual(commands, [
      {
        kind: 'Add',
        cmdID: '1',
        items: [
          { target: { locURI: './SCOMO/Download/p1' }, meta: { format: 'node' }, data: '' },
          t('PkgID', 'com.example.app-1.0'),
          t('Name', 'App'),
          t('PkgURL', 'https://repo/app.tgz'),
          t('InstallParams', '--fast'),
          t('Description', 'An app'),
          t('EnvType', 'linux'),
          t('PkgType', 'application/gzip'),
        ],
      },
      {
        kind: 'Exec',
        cmdID: '2',
        correlator: 'job-1',
        items: [{ target: { locURI: './SCOMO/Download/p1/Operations/DownloadInstall' } }],
      },
    ]);
  });

  test('the same inputs give exactly the Add and Exec of corpus message 02', () => {
    const corpus = decodeMessage(
      readFileSync(new URL('02-pkg2-scomo-deploy.xml', CORPUS)),
      'application/vnd.syncml.dm+xml',
    );
    const expected = corpus.message.body.filter((c) => c.kind === 'Add' || c.kind === 'Exec');
    const built = buildDeliverByUrl(
      {
        node: 'pkg-7f3a',
        pkgId: 'com.example.navigator-4.2.1',
        name: 'Navigator',
        pkgUrl: 'https://repo.example.com/packages/com.example.navigator/4.2.1.tar.gz',
        description: 'Turn-by-turn navigation & offline maps',
        pkgType: 'application/gzip',
        operation: 'DownloadInstall',
        correlator: 'job-000172-dev490154',
      },
      { nextCmdId: counter(4) },
    );
    assert.deepEqual(built, expected);
  });

  test('every download operation encodes in XML and WBXML and runs on a real device MO', () => {
    for (const operation of [
      'Download',
      'DownloadInstall',
      'DownloadInstallInactive',
      'DownloadInstallActivate',
    ] as const) {
      const commands = buildDeliverByUrl({
        node: 'p',
        pkgId: 'pkg',
        pkgUrl: 'https://r/p',
        operation,
        correlator: `c-${operation}`,
      });
      for (const encoding of ['xml', 'wbxml'] as const)
        assert.deepEqual(throughCodec(commands, encoding), commands, encoding);
      const { tree, mo } = device();
      assert.deepEqual(statuses(run(tree, commands)), [200, 200, 200, 202]);
      const [effect] = mo.drainEffects();
      assert.equal(effect?.kind === 'download' && effect.operation, operation);
      assert.equal(mo.journal().operations[0]?.correlator, `c-${operation}`);
    }
  });

  test('no correlator: the Exec carries none; replaceExisting deletes first; atomic wraps the Add', () => {
    const plain = buildDeliverByUrl({
      node: 'p',
      pkgId: 'pkg',
      pkgUrl: 'https://r/p',
      operation: 'Download',
    });
    assert.equal('correlator' in (plain[1] ?? {}), false);
    assert.doesNotMatch(asXml(plain), /Correlator/);
    const retry = buildDeliverByUrl({
      node: 'p',
      pkgId: 'pkg',
      pkgUrl: 'https://r/p',
      operation: 'Download',
      replaceExisting: true,
      atomic: true,
    });
    assert.deepEqual(
      retry.map((c) => [c.kind, c.cmdID]),
      [
        ['Delete', '1'],
        ['Atomic', '2'],
        ['Exec', '4'],
      ],
    );
    assert.deepEqual(retry[1]?.kind === 'Atomic' && retry[1].commands.map((c) => [c.kind, c.cmdID]), [
      ['Add', '3'],
    ]);
    assert.deepEqual(throughCodec(retry, 'wbxml'), retry);
    const { tree, mo } = device();
    assert.deepEqual(statuses(run(tree, plain)), [200, 200, 200, 202]);
    assert.deepEqual(
      run(tree, retry).map((r) => [r.cmd, r.status]),
      [
        ['Delete', 503],
        ['Atomic', 507],
        ['Add', 418],
        ['Add', 418],
        ['Add', 418],
        ['Exec', 503],
      ],
      'while the first download runs, the retry changes nothing',
    );
    mo.dispatch({ type: 'downloadFailed', opId: 'op-1', resultCode: 1501 });
    mo.dispatch({ type: 'alertQueued', opId: 'op-1' });
    assert.deepEqual(
      run(tree, retry).map((r) => [r.cmd, r.status]),
      [
        ['Delete', 200],
        ['Atomic', 200],
        ['Add', 200],
        ['Add', 200],
        ['Add', 200],
        ['Exec', 202],
      ],
    );
    assert.equal(leaf(tree, './SCOMO/Download/p/Status'), '30');
  });
});

describe('deliver over DM (reference §1.10, seed flow 5.4.1)', () => {
  const bytes = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef]);

  test('Add Delivered/<x> with PkgID, Replace Data (bin), Exec Install with the correlator', () => {
    const commands = buildDeliverOverDm({
      node: 'd1',
      pkgId: 'pkg-d1',
      name: 'Tool',
      data: bytes,
      dataType: 'application/gzip',
      install: 'Install',
      correlator: 'job-9',
    });
    assert.deepEqual(commands, [
      {
        kind: 'Add',
        cmdID: '1',
        items: [
          { target: { locURI: './SCOMO/Inventory/Delivered/d1' }, meta: { format: 'node' }, data: '' },
          {
            target: { locURI: './SCOMO/Inventory/Delivered/d1/PkgID' },
            meta: { format: 'chr' },
            data: 'pkg-d1',
          },
          {
            target: { locURI: './SCOMO/Inventory/Delivered/d1/Name' },
            meta: { format: 'chr' },
            data: 'Tool',
          },
        ],
      },
      {
        kind: 'Replace',
        cmdID: '2',
        items: [
          {
            target: { locURI: './SCOMO/Inventory/Delivered/d1/Data' },
            meta: { format: 'bin', type: 'application/gzip' },
            data: bytes,
          },
        ],
      },
      {
        kind: 'Exec',
        cmdID: '3',
        correlator: 'job-9',
        items: [{ target: { locURI: './SCOMO/Inventory/Delivered/d1/Operations/Install' } }],
      },
    ]);
    assert.match(asXml(commands), /<Format xmlns="syncml:metinf">b64<\/Format>.*<Data>H4sIAN6tvu8=<\/Data>/);
    assert.deepEqual(throughCodec(commands, 'wbxml'), commands);
  });

  test('runs on a real device: the bytes reach the agent, Install is accepted', () => {
    const { tree, mo } = device();
    const replies = run(
      tree,
      buildDeliverOverDm({
        node: 'd1',
        pkgId: 'pkg-d1',
        data: bytes,
        install: 'InstallInactive',
        correlator: 'j',
      }),
    );
    assert.deepEqual(statuses(replies), [200, 200, 200, 202]);
    const effects = mo.drainEffects();
    assert.deepEqual(effects[0], { kind: 'storeData', deliveredNode: 'd1', data: bytes });
    assert.equal(effects[1]?.kind === 'install' && effects[1].active, false);
    assert.equal(leaf(tree, './SCOMO/Inventory/Delivered/d1/PkgID'), 'pkg-d1');
  });

  test('without install: no Exec; with replaceExisting: Delete first', () => {
    const commands = buildDeliverOverDm(
      { node: 'd', pkgId: 'p', data: bytes, replaceExisting: true },
      { root: './Vendor/SCM' },
    );
    assert.deepEqual(
      commands.map((c) => c.kind),
      ['Delete', 'Add', 'Replace'],
    );
    assert.equal(
      commands[0]?.kind === 'Delete' && commands[0].items[0]?.target?.locURI,
      './Vendor/SCM/Inventory/Delivered/d',
    );
  });
});

describe('operations on existing objects (seed flow 5.4.3)', () => {
  test('Install, InstallInactive, Remove (delivered), Activate, Deactivate, Remove (deployed)', () => {
    const cases: [Command[], string][] = [
      [
        buildDeliveredOperation({ node: 'd', operation: 'Install', correlator: 'c' }),
        './SCOMO/Inventory/Delivered/d/Operations/Install',
      ],
      [
        buildDeliveredOperation({ node: 'd', operation: 'InstallInactive', correlator: 'c' }),
        './SCOMO/Inventory/Delivered/d/Operations/InstallInactive',
      ],
      [
        buildDeliveredOperation({ node: 'd', operation: 'Remove', correlator: 'c' }),
        './SCOMO/Inventory/Delivered/d/Operations/Remove',
      ],
      [
        buildDeployedOperation({ node: 'c1', operation: 'Activate', correlator: 'c' }),
        './SCOMO/Inventory/Deployed/c1/Operations/Activate',
      ],
      [
        buildDeployedOperation({ node: 'c1', operation: 'Deactivate', correlator: 'c' }),
        './SCOMO/Inventory/Deployed/c1/Operations/Deactivate',
      ],
      [
        buildDeployedOperation({ node: 'c1', operation: 'Remove', correlator: 'c' }),
        './SCOMO/Inventory/Deployed/c1/Operations/Remove',
      ],
      [
        buildDownloadOperation({ node: 'p', operation: 'Download', correlator: 'c' }),
        './SCOMO/Download/p/Operations/Download',
      ],
    ];
    for (const [commands, target] of cases) {
      assert.deepEqual(commands, [
        { kind: 'Exec', cmdID: '1', correlator: 'c', items: [{ target: { locURI: target } }] },
      ]);
      assert.deepEqual(throughCodec(commands, 'xml'), commands);
    }
    assert.deepEqual(
      buildDeployedOperation({ node: 'c1', operation: 'Activate' }, { root: 'SCM', nextCmdId: () => '7' }),
      [
        {
          kind: 'Exec',
          cmdID: '7',
          items: [{ target: { locURI: 'SCM/Inventory/Deployed/c1/Operations/Activate' } }],
        },
      ],
    );
  });

  test('the Exec builders drive a real device through install, deactivate, activate and remove', () => {
    const { tree, mo } = device();
    run(tree, buildDeliverOverDm({ node: 'd', pkgId: 'p', data: new Uint8Array([1]) }));
    assert.deepEqual(
      statuses(run(tree, buildDeliveredOperation({ node: 'd', operation: 'Install', correlator: 'i' }))),
      [202],
    );
    mo.dispatch({ type: 'installDone', opId: 'op-1', components: [{ id: 'c1' }] });
    assert.deepEqual(
      statuses(run(tree, buildDeployedOperation({ node: 'c1', operation: 'Deactivate' }))),
      [202],
    );
    mo.dispatch({ type: 'deactivateDone', opId: 'op-2' });
    assert.deepEqual(
      statuses(run(tree, buildDeployedOperation({ node: 'c1', operation: 'Activate' }))),
      [202],
    );
    mo.dispatch({ type: 'activateDone', opId: 'op-3' });
    assert.deepEqual(statuses(run(tree, buildDeployedOperation({ node: 'c1', operation: 'Remove' }))), [202]);
    mo.dispatch({ type: 'removeDone', opId: 'op-4' });
    assert.deepEqual(statuses(run(tree, buildDeliveredOperation({ node: 'd', operation: 'Remove' }))), [202]);
    mo.dispatch({ type: 'removeDone', opId: 'op-5' });
    assert.equal(leaf(tree, './SCOMO/Inventory/Deployed'), '');
    assert.equal(leaf(tree, './SCOMO/Inventory/Delivered'), '');
    const codes = mo
      .drainEffects()
      .flatMap((e) => (e.kind === 'alert' ? [e.alert.items[0]?.data.slice(12, 16)] : []));
    assert.deepEqual(codes, ['1200', '1200', '1200', '1200', '1200']);
  });
});

describe('inventory Get (change request flow 5.4.5)', () => {
  test('Get <root>/Inventory?list=StructData, or a narrower scope', () => {
    assert.deepEqual(buildInventoryGet(), [
      { kind: 'Get', cmdID: '1', items: [{ target: { locURI: './SCOMO/Inventory?list=StructData' } }] },
    ]);
    assert.deepEqual(buildInventoryGet({ scope: 'Deployed', root: './SCM', nextCmdId: () => '6' }), [
      {
        kind: 'Get',
        cmdID: '6',
        items: [{ target: { locURI: './SCM/Inventory/Deployed?list=StructData' } }],
      },
    ]);
    assert.deepEqual(
      buildGets(['./a', './b']).map((g) => [g.cmdID, g.items[0]?.target?.locURI]),
      [
        ['1', './a'],
        ['2', './b'],
      ],
    );
    const cmds = buildInventoryGet();
    assert.deepEqual(throughCodec(cmds, 'wbxml'), cmds);
  });
});
