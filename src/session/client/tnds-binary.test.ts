import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command, Item, SyncMLMessage } from '../../syncml/index.ts';
import { elementToTnds, tndsToElement } from '../../tree/index.ts';
import type { TndsTree } from '../../tree/index.ts';
import { decodeWbxml, DMDDF_12 } from '../../wbxml/index.ts';
import { ENCODINGS } from './test-support/lockstep.ts';
import { begin, exchange } from './test-support/scenario.ts';
import { results, statusLines } from './test-support/inspect.ts';
import { target } from './test-support/server-messages.ts';

const TNDS: TndsTree = {
  verDTD: '1.2',
  nodes: [
    {
      nodeName: 'Pkg',
      path: './App',
      rtProperties: { format: 'node' },
      children: [
        {
          nodeName: 'Name',
          rtProperties: { format: 'chr', type: 'text/plain' },
          value: 'from tnds',
          children: [],
        },
        { nodeName: 'Version', rtProperties: { format: 'chr' }, value: '1.0', children: [] },
      ],
    },
  ],
};

/** The TNDS tree an Item carries, whatever form the codec handed over. */
function tndsOf(item: Item | undefined): TndsTree {
  const data = item?.data;
  if (data instanceof Uint8Array) return elementToTnds(decodeWbxml(data, { languages: [DMDDF_12] }).root);
  if (data !== undefined && typeof data !== 'string') return elementToTnds(data.element);
  assert.fail(`no TNDS data in ${JSON.stringify(item)}`);
}

for (const encoding of ENCODINGS) {
  describe(`TNDS and binary values (${encoding})`, () => {
    test('Add with TNDS data creates the subtree; Get ?list=TNDS returns it as TNDS', () => {
      const scenario = begin(encoding);
      const add: Command = {
        kind: 'Add',
        cmdID: '10',
        items: [
          target('./App', {
            meta: { type: 'application/vnd.syncml.dmtnds+xml', format: 'xml' },
            data: { kind: 'markup', element: tndsToElement(TNDS) },
          }),
        ],
      };
      const r = exchange(scenario, [
        add,
        { kind: 'Get', cmdID: '11', items: [target('./App/Pkg?list=TNDS+Format+Type+Value')] },
      ]);
      assert.deepEqual(statusLines(r).slice(1), [
        'Add:10@./App=200',
        'Get:11@./App/Pkg?list=TNDS+Format+Type+Value=200',
      ]);
      assert.equal(scenario.tree.local.read('./App/Pkg/Name'), 'from tnds');
      assert.equal(scenario.tree.local.read('./App/Pkg/Version'), '1.0');
      const item = results(r)[0]?.items[0];
      assert.match(item?.meta?.type ?? '', /^application\/vnd\.syncml\.dmtnds\+(xml|wbxml)$/);
      const back = tndsOf(item);
      const pkg = back.nodes[0];
      assert.equal(pkg?.nodeName, 'Pkg');
      assert.deepEqual(
        pkg?.children.map((c) => [c.nodeName, c.value]),
        [
          ['Name', 'from tnds'],
          ['Version', '1.0'],
        ],
      );
    });

    test('malformed TNDS data → 400, nothing created', () => {
      const scenario = begin(encoding);
      const add: Command = {
        kind: 'Add',
        cmdID: '10',
        items: [
          target('./App', {
            meta: { type: 'application/vnd.syncml.dmtnds+xml', format: 'xml' },
            data: 'not a tree',
          }),
        ],
      };
      const r = exchange(scenario, [add]);
      assert.deepEqual(statusLines(r).slice(1), ['Add:10@./App=400']);
    });

    test('a binary value larger than a message goes out in chunks that reassemble to the same bytes', () => {
      const scenario = begin(encoding);
      const bytes = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7 + 3) & 0xff);
      scenario.tree.local.add('./App/Bin', { format: 'bin', data: bytes });
      const limit = 1200;
      let current: SyncMLMessage = exchange(
        scenario,
        [{ kind: 'Get', cmdID: '10', items: [target('./App/Bin')] }],
        { maxMsgSize: limit },
      );
      const pieces: (string | Uint8Array)[] = [];
      for (let round = 0; round < 50; round++) {
        assert.ok(scenario.driver.lastSent.step.body.length <= limit);
        for (const r of results(current))
          for (const item of r.items)
            if (item.data !== undefined && (typeof item.data === 'string' || item.data instanceof Uint8Array))
              pieces.push(item.data);
        if (current.final) break;
        current = exchange(scenario, [{ kind: 'Alert', cmdID: '40', data: '1222', items: [] }], {
          final: false,
          ackCommands: false,
          maxMsgSize: limit,
        });
      }
      assert.ok(current.final);
      assert.ok(pieces.length >= 3, `${pieces.length} chunks`);
      const joined = pieces.every((p) => typeof p === 'string')
        ? new Uint8Array(Buffer.from(pieces.join(''), 'base64'))
        : Uint8Array.from(pieces.flatMap((p) => [...(typeof p === 'string' ? Buffer.from(p) : p)]));
      assert.deepEqual(joined, bytes);
    });
  });
}
