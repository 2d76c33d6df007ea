import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../errors/index.ts';
import type { ScomoError } from '../errors/index.ts';
import { encodeWbxml, SYNCML_12 } from '../wbxml/index.ts';
import type { WbxmlElement, WbxmlNode } from '../wbxml/index.ts';
import { decodeMessage } from './codec.ts';
import type { Item, Results, Status } from './model.ts';

const WBXML = 'application/vnd.syncml.dm+wbxml';
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function fails(run: () => unknown, code: string): ScomoError {
  try {
    run();
  } catch (err) {
    assert.ok(isScomoError(err), `a ScomoError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected ${code}`);
}

describe('decodeMessage (WBXML): Data forms', () => {
  const el = (name: string, children: WbxmlNode[] = [], page = 0): WbxmlElement => ({
    type: 'element',
    name,
    page,
    attributes: [],
    children,
  });
  const t = (value: string): WbxmlNode => ({ type: 'text', value });
  const leaf = (name: string, value: string, page = 0) => el(name, [t(value)], page);
  const header = el('SyncHdr', [
    leaf('VerDTD', '1.2'),
    leaf('VerProto', 'DM/1.2'),
    leaf('SessionID', '1'),
    leaf('MsgID', '1'),
    el('Target', [leaf('LocURI', 'IMEI:1')]),
    el('Source', [leaf('LocURI', 'https://s/dm')]),
  ]);
  const wbxml = (commands: WbxmlElement[]) =>
    encodeWbxml(
      { version: 2, publicId: 0x1201, charset: 106, root: el('SyncML', [header, el('SyncBody', commands)]) },
      { language: SYNCML_12 },
    );
  const opaque = (bytes: Uint8Array | string): WbxmlNode => ({
    type: 'opaque',
    bytes: typeof bytes === 'string' ? utf8(bytes) : bytes,
  });
  const meta = (format?: string, type?: string) =>
    el('Meta', [...(format ? [leaf('Format', format, 1)] : []), ...(type ? [leaf('Type', type, 1)] : [])]);
  const itemEl = (data: WbxmlNode[], itemMeta?: WbxmlElement) =>
    el('Item', [...(itemMeta ? [itemMeta] : []), el('Data', data)]);
  const firstItem = (commands: WbxmlElement[]) => {
    const decoded = decodeMessage(wbxml(commands), WBXML);
    return {
      item: (decoded.message.body[0] as { items: Item[] }).items[0] as Item,
      warnings: decoded.warnings,
    };
  };

  test('OPAQUE UTF-8 text in Add is a string, not flagged (Add Data is always OPAQUE)', () => {
    const { item } = firstItem([el('Add', [leaf('CmdID', '1'), itemEl([opaque('héllo')])])]);
    assert.deepEqual(item, { data: 'héllo' });
  });

  test('OPAQUE text in an Alert Item is a string flagged cdata (it came from a CDATA section)', () => {
    const { item } = firstItem([
      el('Alert', [leaf('CmdID', '1'), leaf('Data', '1226'), itemEl([opaque('<x/>')])]),
    ]);
    assert.deepEqual(item, { data: '<x/>', cdata: true });
  });

  test('Format bin keeps bytes, even valid UTF-8; command-level Meta counts when the Item has none', () => {
    const bytes = utf8('abc');
    const own = firstItem([el('Replace', [leaf('CmdID', '1'), itemEl([opaque(bytes)], meta('bin'))])]).item;
    assert.ok(own.data instanceof Uint8Array);
    assert.deepEqual([...own.data], [...bytes]);
    const inherited = firstItem([
      el('Replace', [leaf('CmdID', '1'), meta('bin'), itemEl([opaque(bytes)])]),
    ]).item;
    assert.ok(inherited.data instanceof Uint8Array);
  });

  test('a nested WBXML TNDS (Type +wbxml) stays bytes; Meta after Data still counts', () => {
    const data = el('Data', [opaque(new Uint8Array([0x02, 0x00, 0x00, 0x6a]))]);
    const { item } = firstItem([
      el('Add', [leaf('CmdID', '1'), el('Item', [data, meta('xml', 'application/vnd.syncml.dmtnds+wbxml')])]),
    ]);
    assert.ok(item.data instanceof Uint8Array);
  });

  test('bytes that are not UTF-8, or hold control characters, stay bytes', () => {
    assert.ok(
      firstItem([el('Add', [leaf('CmdID', '1'), itemEl([opaque(new Uint8Array([0xff, 0xfe]))])])]).item
        .data instanceof Uint8Array,
    );
    assert.ok(
      firstItem([el('Add', [leaf('CmdID', '1'), itemEl([opaque(new Uint8Array([0x41, 0x01, 0x42]))])])]).item
        .data instanceof Uint8Array,
    );
  });

  test('a trailing NUL after text (C-string habit) is dropped with a warning', () => {
    const { item, warnings } = firstItem([
      el('Add', [leaf('CmdID', '1'), itemEl([opaque(new Uint8Array([0x41, 0x42, 0x00]))])]),
    ]);
    assert.equal(item.data, 'AB');
    assert.match(warnings[0] as string, /trailing NUL/);
  });

  test('OPAQUE where a value is expected reads as text (reference §6.6)', () => {
    const decoded = decodeMessage(
      wbxml([
        el('Status', [
          el('CmdID', [opaque('1')]),
          leaf('MsgRef', '1'),
          leaf('CmdRef', '0'),
          leaf('Cmd', 'SyncHdr'),
          el('Data', [opaque('200')]),
        ]),
      ]),
      WBXML,
    );
    const status = decoded.message.body[0] as Status;
    assert.equal(status.cmdID, '1');
    assert.equal(status.data, '200');
  });

  test('direct page-2 switching inside Data becomes markup', () => {
    const tree = el('MgmtTree', [leaf('VerDTD', '1.2', 2)], 2);
    const { item } = firstItem([el('Results', [leaf('CmdID', '1'), leaf('CmdRef', '2'), itemEl([tree])])]);
    assert.deepEqual(item.data, { kind: 'markup', element: tree });
  });

  test('Results keeps command-level Meta, refs and items', () => {
    const decoded = decodeMessage(
      wbxml([
        el('Results', [
          leaf('CmdID', '5'),
          leaf('MsgRef', '1'),
          leaf('CmdRef', '4'),
          meta('chr'),
          leaf('TargetRef', './a'),
          itemEl([t('v')]),
        ]),
      ]),
      WBXML,
    );
    const results = decoded.message.body[0] as Results;
    assert.deepEqual(results, {
      kind: 'Results',
      cmdID: '5',
      msgRef: '1',
      cmdRef: '4',
      meta: { format: 'chr' },
      targetRefs: ['./a'],
      sourceRefs: [],
      items: [{ data: 'v' }],
    });
  });

  test('WBXML errors keep their code and offset', () => {
    const bytes = wbxml([]);
    const err = fails(
      () => decodeMessage(bytes.subarray(0, bytes.length - 3), WBXML),
      'SCOMO_WBXML_TRUNCATED',
    );
    assert.ok(err.offset !== undefined);
  });
});
