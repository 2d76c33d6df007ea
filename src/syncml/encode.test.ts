import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../errors/index.ts';
import { decodeWbxml, DMDDF_12 } from '../wbxml/index.ts';
import type { WbxmlElement } from '../wbxml/index.ts';
import { decodeMessage, encodeMessage, messageToXml } from './codec.ts';
import type { Command, Item, SyncHdr, SyncMLMessage } from './model.ts';

const header: SyncHdr = {
  verDTD: '1.2',
  verProto: 'DM/1.2',
  sessionID: '1',
  msgID: '1',
  target: { locURI: 'IMEI:1' },
  source: { locURI: 'https://s/dm' },
};
const message = (body: Command[], final = true): SyncMLMessage => ({ header, body, final });
const xmlOf = (body: Command[]): string => new TextDecoder().decode(encodeMessage(message(body), 'xml'));
const bodyOf = (xml: string): string => xml.slice(xml.indexOf('<SyncBody>') + 10, xml.indexOf('</SyncBody>'));

const tnds: WbxmlElement = {
  type: 'element',
  name: 'MgmtTree',
  page: 2,
  attributes: [],
  children: [
    { type: 'element', name: 'VerDTD', page: 2, attributes: [], children: [{ type: 'text', value: '1.2' }] },
  ],
};

describe('encodeMessage (XML): canonical order', () => {
  test('SyncHdr in reference §2.2 order whatever order the object has', () => {
    const shuffled = {
      meta: { maxMsgSize: 100 },
      cred: { data: 'x' },
      noResp: true,
      respURI: 'https://s/r',
      source: { locName: 'n', locURI: 'IMEI:1' },
      target: { locURI: 'https://s/dm' },
      msgID: '2',
      sessionID: '3',
      verProto: 'DM/1.2',
      verDTD: '1.2',
    } satisfies SyncHdr;
    const xml = messageToXml({ header: shuffled, body: [], final: false });
    assert.equal(
      xml,
      '<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>3</SessionID><MsgID>2</MsgID>' +
        '<Target><LocURI>https://s/dm</LocURI></Target><Source><LocURI>IMEI:1</LocURI><LocName>n</LocName></Source><RespURI>https://s/r</RespURI><NoResp/>' +
        '<Cred><Data>x</Data></Cred><Meta><MaxMsgSize xmlns="syncml:metinf">100</MaxMsgSize></Meta></SyncHdr><SyncBody></SyncBody></SyncML>',
    );
  });

  test('Status, Results, Alert, Exec and Item orders', () => {
    const body: Command[] = [
      {
        kind: 'Status',
        cmdID: '1',
        msgRef: '1',
        cmdRef: '0',
        cmd: 'SyncHdr',
        targetRefs: ['t'],
        sourceRefs: ['s'],
        cred: { data: 'c' },
        chal: { meta: { nextNonce: 'n', format: 'b64', type: 'syncml:auth-md5' } },
        data: '401',
        items: [{ data: 'i' }],
        noResp: true,
      },
      {
        kind: 'Results',
        cmdID: '2',
        cmdRef: '5',
        msgRef: '1',
        meta: { format: 'chr' },
        targetRefs: ['t'],
        sourceRefs: ['s'],
        items: [],
      },
      {
        kind: 'Alert',
        cmdID: '3',
        correlator: 'c',
        data: '1226',
        noResp: true,
        items: [
          {
            moreData: true,
            data: 'd',
            meta: { type: 'x' },
            source: { locURI: 's' },
            target: { locURI: 't' },
          },
        ],
      },
      {
        kind: 'Exec',
        cmdID: '4',
        correlator: 'k',
        meta: { format: 'chr' },
        items: [{ target: { locURI: './e' } }],
      },
    ];
    assert.equal(
      bodyOf(xmlOf(body)),
      '<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><TargetRef>t</TargetRef><SourceRef>s</SourceRef><Cred><Data>c</Data></Cred>' +
        '<Chal><Meta><Format xmlns="syncml:metinf">b64</Format><Type xmlns="syncml:metinf">syncml:auth-md5</Type><NextNonce xmlns="syncml:metinf">n</NextNonce></Meta></Chal><Data>401</Data><Item><Data>i</Data></Item></Status>' +
        '<Results><CmdID>2</CmdID><MsgRef>1</MsgRef><CmdRef>5</CmdRef><Meta><Format xmlns="syncml:metinf">chr</Format></Meta><TargetRef>t</TargetRef><SourceRef>s</SourceRef></Results>' +
        '<Alert><CmdID>3</CmdID><NoResp/><Data>1226</Data><Correlator>c</Correlator><Item><Target><LocURI>t</LocURI></Target><Source><LocURI>s</LocURI></Source><Meta><Type xmlns="syncml:metinf">x</Type></Meta><Data>d</Data><MoreData/></Item></Alert>' +
        '<Exec><CmdID>4</CmdID><Meta><Format xmlns="syncml:metinf">chr</Format></Meta><Correlator>k</Correlator><Item><Target><LocURI>./e</LocURI></Target></Item></Exec><Final/>',
    );
  });

  test('every Meta element in MetInf DTD order', () => {
    const item: Item = {
      meta: {
        emi: ['e1', 'e2'],
        maxObjSize: 7,
        maxMsgSize: 6,
        nextNonce: 'n',
        version: 'v',
        size: 5,
        mark: 'minor',
        type: 't',
        format: 'f',
      },
    };
    const xml = xmlOf([{ kind: 'Get', cmdID: '1', items: [item] }]);
    const names = [...xml.matchAll(/<(\w+) xmlns="syncml:metinf">/g)].map((match) => match[1]);
    assert.deepEqual(names, [
      'Format',
      'Type',
      'Mark',
      'Size',
      'Version',
      'NextNonce',
      'MaxMsgSize',
      'MaxObjSize',
      'EMI',
      'EMI',
    ]);
  });

  test('Atomic and Sequence nest commands in order; empty string Data is <Data></Data>; absent Data is omitted', () => {
    const xml = bodyOf(
      xmlOf([
        {
          kind: 'Atomic',
          cmdID: '1',
          noResp: true,
          meta: { format: 'chr' },
          commands: [
            {
              kind: 'Sequence',
              cmdID: '2',
              commands: [{ kind: 'Delete', cmdID: '3', items: [{ target: { locURI: './a' } }] }],
            },
            { kind: 'Add', cmdID: '4', items: [{ target: { locURI: './b' }, data: '' }] },
          ],
        },
      ]),
    );
    assert.equal(
      xml,
      '<Atomic><CmdID>1</CmdID><NoResp/><Meta><Format xmlns="syncml:metinf">chr</Format></Meta><Sequence><CmdID>2</CmdID><Delete><CmdID>3</CmdID><Item><Target><LocURI>./a</LocURI></Target></Item></Delete></Sequence>' +
        '<Add><CmdID>4</CmdID><Item><Target><LocURI>./b</LocURI></Target><Data></Data></Item></Add></Atomic><Final/>',
    );
  });
});

describe('encodeMessage: Item data forms', () => {
  test('bytes in XML become base64 and the Item Meta Format says b64', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252]);
    const xml = xmlOf([
      {
        kind: 'Replace',
        cmdID: '1',
        items: [
          {
            target: { locURI: './x' },
            meta: { format: 'bin', type: 'application/octet-stream' },
            data: bytes,
          },
        ],
      },
    ]);
    assert.match(
      xml,
      /<Format xmlns="syncml:metinf">b64<\/Format><Type xmlns="syncml:metinf">application\/octet-stream<\/Type><\/Meta><Data>AAEC\+vv8<\/Data>/,
    );
    const back = decodeMessage(new TextEncoder().encode(xml), 'application/vnd.syncml.dm+xml').message;
    assert.deepEqual((back.body[0] as { items: Item[] }).items[0]?.meta, {
      format: 'b64',
      type: 'application/octet-stream',
    });
  });

  test('bytes in WBXML are OPAQUE and come back as the same bytes (Format bin)', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252]);
    const original = message([
      { kind: 'Replace', cmdID: '1', items: [{ meta: { format: 'bin' }, data: bytes }] },
    ]);
    const wbxml = encodeMessage(original, 'wbxml');
    const back = decodeMessage(wbxml, 'application/vnd.syncml.dm+wbxml').message;
    assert.deepEqual(back, original);
    assert.deepEqual(encodeMessage(back, 'wbxml'), wbxml);
  });

  test('cdata text is CDATA in XML', () => {
    const xml = xmlOf([
      { kind: 'Alert', cmdID: '1', data: '1226', items: [{ data: '<a>]]></a>', cdata: true }] },
    ]);
    assert.match(xml, /<Data><!\[CDATA\[<a>\]\]\]\]><!\[CDATA\[><\/a>\]\]><\/Data>/);
  });

  test('embedded markup: inline in XML; nested DM DDF document in WBXML with the Type rewritten to +wbxml', () => {
    const add: Command = {
      kind: 'Add',
      cmdID: '1',
      items: [
        {
          target: { locURI: './t' },
          meta: { format: 'xml', type: 'application/vnd.syncml.dmtnds+xml' },
          data: { kind: 'markup', element: tnds },
        },
      ],
    };
    assert.match(
      xmlOf([add]),
      /<Data><MgmtTree xmlns="syncml:dmddf1.2"><VerDTD>1.2<\/VerDTD><\/MgmtTree><\/Data>/,
    );
    const decoded = decodeMessage(
      encodeMessage(message([add]), 'wbxml'),
      'application/vnd.syncml.dm+wbxml',
    ).message;
    const item = (decoded.body[0] as { items: Item[] }).items[0] as Item;
    assert.equal(item.meta?.type, 'application/vnd.syncml.dmtnds+wbxml');
    assert.ok(item.data instanceof Uint8Array);
    const nested = decodeWbxml(item.data, { languages: [DMDDF_12] });
    assert.equal(nested.language, DMDDF_12);
    assert.equal(nested.publicId, '-//OMA//DTD-DM-DDF 1.2//EN');
    assert.equal(nested.version, 2, 'same WBXML version as the message');
    assert.deepEqual(nested.root, tnds);
  });

  test('the command-level Type is rewritten when an Item without its own Type carries markup', () => {
    const replace: Command = {
      kind: 'Replace',
      cmdID: '1',
      meta: { type: 'application/vnd.syncml.dmtnds+xml' },
      items: [{ data: { kind: 'markup', element: tnds } }],
    };
    const decoded = decodeMessage(
      encodeMessage(message([replace]), 'wbxml'),
      'application/vnd.syncml.dm+wbxml',
    ).message;
    const command = decoded.body[0] as { meta?: { type?: string } };
    assert.equal(command.meta?.type, 'application/vnd.syncml.dmtnds+wbxml');
  });

  test('an Item data value of another type is SCOMO_SYNCML_BAD_MODEL', () => {
    const bad = { kind: 'Add', cmdID: '1', items: [{ data: 42 }] } as unknown as Command;
    assert.throws(
      () => encodeMessage(message([bad]), 'xml'),
      (err) => isScomoError(err, 'SCOMO_SYNCML_BAD_MODEL'),
    );
    const unknown = { kind: 'Sync', cmdID: '1' } as unknown as Command;
    assert.throws(
      () => encodeMessage(message([unknown]), 'wbxml'),
      (err) => isScomoError(err, 'SCOMO_SYNCML_BAD_MODEL'),
    );
  });
});

describe('encodeMessage: versions and options', () => {
  test('WBXML header: 1.2 by default, version option, SyncML 1.1 public id for VerDTD 1.1', () => {
    assert.deepEqual([...encodeMessage(message([]), 'wbxml').subarray(0, 5)], [0x02, 0xa4, 0x01, 0x6a, 0x00]);
    assert.equal(encodeMessage(message([]), 'wbxml', { wbxmlVersion: 3 })[0], 0x03);
    const v11 = { header: { ...header, verDTD: '1.1' }, body: [], final: true };
    assert.deepEqual([...encodeMessage(v11, 'wbxml').subarray(0, 3)], [0x02, 0x9f, 0x53]);
    assert.match(messageToXml(v11), /^<SyncML xmlns="SYNCML:SYNCML1\.1">/);
  });

  test('the string table option makes a repetitive message smaller and decodes the same', () => {
    const items: Item[] = Array.from({ length: 20 }, (_, i) => ({
      source: { locURI: `./SCOMO/Inventory/Deployed/c${i}/Name` },
      data: 'Navigator',
    }));
    const big = message([
      { kind: 'Results', cmdID: '1', cmdRef: '2', targetRefs: [], sourceRefs: [], items },
    ]);
    const plain = encodeMessage(big, 'wbxml');
    const table = encodeMessage(big, 'wbxml', { stringTable: true });
    assert.ok(table.length < plain.length);
    assert.deepEqual(decodeMessage(table, 'application/vnd.syncml.dm+wbxml').message, big);
  });

  test('pretty XML reads back to the same model', () => {
    const sample = message([{ kind: 'Alert', cmdID: '1', data: '1201', items: [] }]);
    const pretty = messageToXml(sample, true);
    assert.match(pretty, /\n {2}<SyncHdr>/);
    assert.deepEqual(
      decodeMessage(new TextEncoder().encode(pretty), 'application/vnd.syncml.dm+xml').message,
      sample,
    );
  });
});
