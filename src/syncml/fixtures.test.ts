/**
 * Every corpus message (../shared/corpus) and every fixture (test/fixtures/messages), four ways:
 * decode (model fields), encode (bytes equal the stored `xml2wbxml -n -v 1.2` output), round trip
 * (XML → model → XML is the canonical text; WBXML → model → WBXML is the same bytes), and the
 * generic XML ⇄ WBXML conversion. The libwbxml tools themselves run in test/interop.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeMessage, encodeMessage } from './codec.ts';
import { wbxmlToXml, xmlToWbxml } from './convert.ts';
import type {
  Add,
  Alert,
  Atomic,
  Exec,
  Get,
  Item,
  Replace,
  Results,
  Sequence,
  Status,
  SyncMLMessage,
} from './model.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const FIXTURES = path.join(ROOT, 'test/fixtures/messages');
const XML = 'application/vnd.syncml.dm+xml';
const WBXML = 'application/vnd.syncml.dm+wbxml';

interface Fixture {
  name: string;
  xml: Buffer;
  /** libwbxml's bytes for the canonical form of the message. */
  wbxml: Buffer;
  /** The canonical XML text (the message itself unless the corpus writes another order). */
  canonical: string;
  check: (message: SyncMLMessage) => void;
}

const read = (file: string): Buffer => readFileSync(file);

function fixture(name: string, check: Fixture['check']): Fixture {
  const xml = read(path.join(FIXTURES, `${name}.xml`));
  return {
    name,
    xml,
    wbxml: read(path.join(FIXTURES, `${name}.wbxml`)),
    canonical: xml.toString('utf8'),
    check,
  };
}

function corpus(name: string, check: Fixture['check'], canonicalFile?: string): Fixture {
  const xml = read(path.join(CORPUS, `${name}.xml`));
  const canonical =
    canonicalFile === undefined
      ? xml.toString('utf8').trim()
      : read(path.join(FIXTURES, 'corpus', canonicalFile)).toString('utf8');
  const wbxmlName = canonicalFile === undefined ? `${name}.wbxml` : canonicalFile.replace(/\.xml$/, '.wbxml');
  return { name, xml, wbxml: read(path.join(FIXTURES, 'corpus', wbxmlName)), canonical, check };
}

const items = (command: unknown): Item[] => (command as { items: Item[] }).items;

const FIXTURE_LIST: Fixture[] = [
  corpus('01-pkg1-devinfo', (m) => {
    assert.deepEqual(m.header, {
      verDTD: '1.2',
      verProto: 'DM/1.2',
      sessionID: '1F',
      msgID: '1',
      target: { locURI: 'https://dm.example.com/dm' },
      source: { locURI: 'IMEI:490154203237518', locName: 'dev490154' },
      cred: { meta: { format: 'b64', type: 'syncml:auth-md5' }, data: 'Zz6EivR3yeaaENcRN6lpAQ==' },
      meta: { maxMsgSize: 16384, maxObjSize: 1048576 },
    });
    assert.deepEqual(m.body[0], { kind: 'Alert', cmdID: '1', data: '1201', items: [] });
    const replace = m.body[1] as Replace;
    assert.equal(replace.kind, 'Replace');
    assert.deepEqual(
      replace.items.map((item) => [item.source?.locURI, item.data]),
      [
        ['./DevInfo/DevId', 'IMEI:490154203237518'],
        ['./DevInfo/Man', 'Example Devices Ltd'],
        ['./DevInfo/Mod', 'EX-2000'],
        ['./DevInfo/DmV', '1.2'],
        ['./DevInfo/Lang', 'en-US'],
      ],
    );
    assert.deepEqual(replace.items[0]?.meta, { format: 'chr', type: 'text/plain' });
    assert.equal(m.final, true);
  }),
  corpus('02-pkg2-scomo-deploy', (m) => {
    assert.deepEqual(
      m.body.map((c) => c.kind),
      ['Status', 'Status', 'Status', 'Add', 'Exec', 'Get'],
    );
    assert.deepEqual(m.body[0], {
      kind: 'Status',
      cmdID: '1',
      msgRef: '1',
      cmdRef: '0',
      cmd: 'SyncHdr',
      targetRefs: ['IMEI:490154203237518'],
      sourceRefs: ['https://dm.example.com/dm'],
      data: '212',
      items: [],
    });
    const add = m.body[3] as Add;
    assert.deepEqual(add.items[0], {
      target: { locURI: './SCOMO/Download/pkg-7f3a' },
      meta: { format: 'node' },
      data: '',
    });
    assert.equal(add.items[4]?.data, 'Turn-by-turn navigation & offline maps');
    const exec = m.body[4] as Exec;
    assert.equal(exec.correlator, 'job-000172-dev490154');
    assert.equal(exec.items[0]?.target?.locURI, './SCOMO/Download/pkg-7f3a/Operations/DownloadInstall');
    assert.equal((m.body[5] as Get).items[0]?.target?.locURI, './SCOMO/Inventory/Deployed?list=StructData');
  }),
  corpus('03-pkg3-inventory-results', (m) => {
    const results = m.body.find((c) => c.kind === 'Results') as Results;
    assert.equal(results.items.length, 281);
    assert.equal(results.msgRef, '1');
    assert.equal(results.cmdRef, '6');
    assert.equal(
      results.items[0]?.data,
      Array.from({ length: 40 }, (_, i) => `c${String(i).padStart(2, '0')}`).join('/'),
    );
    assert.equal((m.body[2] as Status).data, '202');
  }),
  corpus(
    '04-pkg1-generic-alert',
    (m) => {
      const alert = m.body[1] as Alert;
      assert.equal(alert.data, '1226');
      assert.equal(alert.correlator, 'job-000172-dev490154');
      assert.deepEqual(alert.items[0], {
        source: { locURI: './SCOMO/Download/pkg-7f3a/Operations/DownloadInstall' },
        target: { locURI: './SCOMO/Inventory/Deployed/c40' },
        meta: { type: 'urn:oma:at:scomo:1.0:OperationComplete', format: 'xml', mark: 'informational' },
        data: '<ResultCode>1200</ResultCode><Identifier>com.example.navigator</Identifier>',
        cdata: true,
      });
    },
    '04-pkg1-generic-alert.canonical.xml',
  ),
  corpus('05-pkg2-large-object-chunk', (m) => {
    assert.equal(m.final, false);
    const item = items(m.body[1])[0] as Item;
    assert.deepEqual(item.meta, { format: 'b64', type: 'application/vnd.example.pkg', size: 266668 });
    assert.equal(item.moreData, true);
    assert.equal(typeof item.data, 'string');
    assert.equal((item.data as string).length % 4, 0);
  }),
  fixture('server-atomic-sequence', (m) => {
    assert.equal(m.header.respURI, 'https://dm.example.com/dm?s=7f3a');
    const atomic = m.body[1] as Atomic;
    assert.deepEqual(
      atomic.commands.map((c) => c.kind),
      ['Add', 'Replace', 'Delete'],
    );
    assert.deepEqual(atomic.commands[0], {
      kind: 'Add',
      cmdID: '3',
      items: [{ target: { locURI: './SCOMO/Download/pkg-1' }, meta: { format: 'node' } }],
    });
    const replace = atomic.commands[1] as Replace;
    assert.deepEqual(replace.meta, { format: 'chr', type: 'text/plain' });
    assert.equal(replace.items[0]?.data, 'Navigator <beta> & maps');
    assert.equal(atomic.commands[2]?.noResp, true);
    const sequence = m.body[2] as Sequence;
    assert.deepEqual(
      sequence.commands.map((c) => c.kind),
      ['Copy', 'Get', 'Exec', 'Alert'],
    );
    assert.deepEqual(items(sequence.commands[0])[0], {
      target: { locURI: './SCOMO/Download/pkg-1/Description' },
      source: { locURI: './SCOMO/Download/pkg-1/Name' },
    });
    assert.equal(items(sequence.commands[1]).length, 2);
    const exec = sequence.commands[2] as Exec;
    assert.deepEqual(
      [exec.meta, exec.correlator, exec.items[0]?.data],
      [{ format: 'chr' }, 'job-000009', '--quiet'],
    );
    const alert = sequence.commands[3] as Alert;
    assert.deepEqual(
      [alert.data, alert.items.map((i) => i.data)],
      ['1101', ['MINDT=10&MAXDT=30', 'Install Navigator now?']],
    );
  }),
  fixture('client-status-results', (m) => {
    assert.deepEqual(m.header.cred, {
      meta: { format: 'b64', type: 'syncml:auth-basic' },
      data: 'QnJ1Y2UyOk9oQmVoYXZl',
    });
    assert.deepEqual(m.header.meta, { maxMsgSize: 16384 });
    const [hdr, atomic, copy, get, alert, results] = m.body as [
      Status,
      Status,
      Status,
      Status,
      Status,
      Results,
    ];
    assert.deepEqual(hdr.chal, {
      meta: { format: 'b64', type: 'syncml:auth-md5', nextNonce: 'LG3iZQhhdmKNHg==' },
    });
    assert.equal(atomic.cmd, 'Atomic');
    assert.deepEqual(
      [copy.targetRefs, copy.sourceRefs],
      [['./SCOMO/Download/pkg-1/Description'], ['./SCOMO/Download/pkg-1/Name']],
    );
    assert.deepEqual(get.targetRefs, ['./DevDetail/SwV', './DevInfo/Lang?prop=Format']);
    assert.deepEqual(alert.items, [{ data: '1' }]);
    assert.deepEqual(results, {
      kind: 'Results',
      cmdID: '6',
      msgRef: '2',
      cmdRef: '8',
      meta: { format: 'chr' },
      targetRefs: ['./DevDetail/SwV'],
      sourceRefs: ['IMEI:490154203237518'],
      items: [
        { source: { locURI: './DevDetail/SwV' }, data: '4.2.1-rc1' },
        { source: { locURI: './DevInfo/Lang?prop=Format' }, data: 'chr' },
      ],
    });
  }),
  fixture('client-alerts-meta', (m) => {
    assert.equal(m.header.noResp, true);
    assert.deepEqual(m.header.meta, {
      maxMsgSize: 8192,
      maxObjSize: 524288,
      emi: ['vendor-ext-1', 'vendor-ext-2'],
    });
    const generic = m.body[1] as Alert;
    assert.deepEqual(generic.items[0]?.meta, {
      format: 'xml',
      type: 'urn:oma:at:scomo:1.0:OperationComplete',
      mark: 'critical',
      size: 68,
      version: '1.0',
    });
    assert.equal(generic.items[0]?.data, '<ResultCode>1409</ResultCode><Identifier>c07</Identifier>');
    assert.equal(generic.items[0]?.cdata, undefined);
    const event = m.body[2] as Alert;
    assert.deepEqual(event.items[0]?.meta, {
      format: 'chr',
      type: 'org.example.inventory.changed',
      nextNonce: 'AAECAw==',
      emi: ['x-reason=user'],
    });
  }),
  fixture('server-add-tnds', (m) => {
    const item = items(m.body[0])[0] as Item;
    assert.deepEqual(item.meta, { format: 'xml', type: 'application/vnd.syncml.dmtnds+xml' });
    const data = item.data;
    assert.ok(data !== undefined && typeof data === 'object' && !(data instanceof Uint8Array));
    assert.equal(data.element.name, 'MgmtTree');
    assert.equal(data.element.children.length, 2);
  }),
];

for (const f of FIXTURE_LIST) {
  describe(f.name, () => {
    test('decode: model fields, no warnings', () => {
      const decoded = decodeMessage(f.xml, XML);
      assert.equal(decoded.encoding, 'xml');
      assert.deepEqual(decoded.warnings, []);
      f.check(decoded.message);
    });

    test('encode: WBXML equals xml2wbxml -n -v 1.2', () => {
      const { message } = decodeMessage(f.xml, XML);
      assert.equal(Buffer.from(encodeMessage(message, 'wbxml')).toString('hex'), f.wbxml.toString('hex'));
    });

    test('round trip: XML → model → XML is the canonical text', () => {
      const { message } = decodeMessage(f.xml, XML);
      assert.equal(Buffer.from(encodeMessage(message, 'xml')).toString('utf8'), f.canonical);
    });

    test('round trip: WBXML → model → WBXML is the same bytes; the model equals the XML one up to WBXML forms', () => {
      const fromWbxml = decodeMessage(f.wbxml, WBXML);
      assert.equal(fromWbxml.encoding, 'wbxml');
      assert.deepEqual(fromWbxml.warnings, []);
      assert.ok(Buffer.from(encodeMessage(fromWbxml.message, 'wbxml')).equals(f.wbxml));
      if (f.name !== 'server-add-tnds') {
        // TNDS comes back as nested-document bytes (Type +wbxml): checked in test/interop.
        assert.deepEqual(fromWbxml.message, decodeMessage(Buffer.from(f.canonical), XML).message);
      }
    });

    test('generic conversion: xmlToWbxml equals libwbxml; wbxmlToXml reads back to the same model', () => {
      assert.ok(Buffer.from(xmlToWbxml(f.canonical)).equals(f.wbxml));
      const xml = wbxmlToXml(f.wbxml);
      const viaTree = decodeMessage(Buffer.from(xml), XML).message;
      assert.deepEqual(
        withoutCdata(viaTree),
        withoutCdata(decodeMessage(Buffer.from(f.canonical), XML).message),
      );
    });
  });
}

/** wbxml2xml-style output writes OPAQUE as CDATA; the cdata flag is representation, not content. */
function withoutCdata(message: SyncMLMessage): unknown {
  return JSON.parse(JSON.stringify(message, (key, value: unknown) => (key === 'cdata' ? undefined : value)));
}
