import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../errors/index.ts';
import type { ScomoError } from '../errors/index.ts';
import { decodeMessage } from './codec.ts';
import type { Alert, Item } from './model.ts';

const XML = 'application/vnd.syncml.dm+xml';
const WBXML = 'application/vnd.syncml.dm+wbxml';
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const HDR =
  '<SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID>' +
  '<Target><LocURI>https://s/dm</LocURI></Target><Source><LocURI>IMEI:1</LocURI></Source></SyncHdr>';

function xmlMessage(body: string, header = HDR): Uint8Array {
  return utf8(`<SyncML xmlns="SYNCML:SYNCML1.2">${header}<SyncBody>${body}<Final/></SyncBody></SyncML>`);
}

function decodeXml(body: string, header = HDR) {
  return decodeMessage(xmlMessage(body, header), XML);
}

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

describe('decodeMessage (XML): order tolerance and trimming', () => {
  test('SyncHdr children in any order; values trimmed', () => {
    const header =
      '<SyncHdr>\n <Source><LocName> user </LocName><LocURI> IMEI:1 </LocURI></Source>\n <MsgID> 7 </MsgID><Meta><MaxObjSize xmlns="syncml:metinf">\n 9 \n</MaxObjSize></Meta>' +
      '<RespURI>https://s/r</RespURI><VerProto>DM/1.2</VerProto><SessionID>A1</SessionID><Target><LocURI>https://s/dm</LocURI></Target><VerDTD>1.2</VerDTD><NoResp/></SyncHdr>';
    const { message, warnings } = decodeXml('', header);
    assert.deepEqual(warnings, []);
    assert.deepEqual(message.header, {
      verDTD: '1.2',
      verProto: 'DM/1.2',
      sessionID: 'A1',
      msgID: '7',
      target: { locURI: 'https://s/dm' },
      source: { locURI: 'IMEI:1', locName: 'user' },
      respURI: 'https://s/r',
      noResp: true,
      meta: { maxObjSize: 9 },
    });
    assert.deepEqual(message.body, []);
    assert.equal(message.final, true);
  });

  test('Alert Data after Correlator, Item before both', () => {
    const { message } = decodeXml(
      '<Alert><Item><Data> keep  spaces </Data></Item><Correlator> c-1 </Correlator><CmdID>3</CmdID><Data> 1226 </Data></Alert>',
    );
    const alert = message.body[0] as Alert;
    assert.equal(alert.kind, 'Alert');
    assert.equal(alert.cmdID, '3');
    assert.equal(alert.data, '1226');
    assert.equal(alert.correlator, 'c-1');
    assert.deepEqual(alert.items, [{ data: ' keep  spaces ' }], 'Item Data is kept exactly');
  });

  test('Status children in any order', () => {
    const { message } = decodeXml(
      '<Status><Data>404</Data><SourceRef>s</SourceRef><Cmd>Get</Cmd><TargetRef>t1</TargetRef><CmdRef>4</CmdRef><TargetRef>t2</TargetRef><MsgRef>1</MsgRef><CmdID>2</CmdID></Status>',
    );
    assert.deepEqual(message.body[0], {
      kind: 'Status',
      cmdID: '2',
      msgRef: '1',
      cmdRef: '4',
      cmd: 'Get',
      targetRefs: ['t1', 't2'],
      sourceRefs: ['s'],
      data: '404',
      items: [],
    });
  });

  test('Final absent → final false', () => {
    const bytes = utf8(`<SyncML xmlns="SYNCML:SYNCML1.2">${HDR}<SyncBody/></SyncML>`);
    assert.equal(decodeMessage(bytes, XML).message.final, false);
  });
});

describe('decodeMessage (XML): accepted deviations are warnings', () => {
  test('DS-only elements (Sync, Lang, Archive, Anchor, SourceParent) are ignored with a warning', () => {
    const { message, warnings } = decodeXml(
      '<Sync><CmdID>1</CmdID></Sync>' +
        '<Get><CmdID>2</CmdID><Lang>en</Lang><Item><SourceParent><LocURI>x</LocURI></SourceParent><Target><LocURI>./a</LocURI></Target></Item></Get>' +
        '<Delete><CmdID>3</CmdID><Archive/><Meta><Anchor xmlns="syncml:metinf"><Last>1</Last></Anchor></Meta><Item><Target><LocURI>./b</LocURI></Target></Item></Delete>',
    );
    assert.deepEqual(
      message.body.map((command) => command.kind),
      ['Get', 'Delete'],
    );
    assert.equal(warnings.length, 5);
    for (const name of ['Sync', 'Lang', 'SourceParent', 'Archive', 'Anchor']) {
      assert.ok(
        warnings.some((warning) => warning.includes(`<${name}>`)),
        `warning for ${name}`,
      );
    }
  });

  test('MetInf elements without their namespace are read, with a warning', () => {
    const { message, warnings } = decodeXml(
      '<Replace><CmdID>1</CmdID><Item><Meta><Format>int</Format><Type>text/plain</Type></Meta><Data>5</Data></Item></Replace>',
    );
    assert.deepEqual((message.body[0] as { items: Item[] }).items[0]?.meta, {
      format: 'int',
      type: 'text/plain',
    });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] as string, /without the syncml:metinf namespace/);
  });

  test('legacy content type is accepted with a warning', () => {
    const { warnings, encoding } = decodeMessage(xmlMessage(''), 'application/vnd.syncml+xml; charset=utf-8');
    assert.equal(encoding, 'xml');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] as string, /legacy content type/);
  });

  test('a charset other than UTF-8 is reported and ignored', () => {
    const { warnings, message } = decodeMessage(
      xmlMessage(''),
      'application/vnd.syncml.dm+xml; charset=ISO-8859-1',
    );
    assert.equal(message.header.msgID, '1');
    assert.deepEqual(warnings, ['charset ISO-8859-1 ignored: DM messages are UTF-8 (WBXML charset 106)']);
    assert.deepEqual(
      decodeMessage(xmlMessage(''), 'application/vnd.syncml.dm+xml; charset=utf-8').warnings,
      [],
    );
  });

  test('a body that contradicts its content type is decoded by what it is, with a warning', () => {
    const { warnings, encoding, message } = decodeMessage(xmlMessage(''), WBXML);
    assert.equal(encoding, 'xml');
    assert.equal(message.header.sessionID, '1');
    assert.match(warnings[0] as string, /content type says wbxml/);
  });

  test('NUL inside Data is stripped with a warning', () => {
    const { message, warnings } = decodeXml(
      '<Alert><CmdID>1</CmdID><Data>1226</Data><Item><Data>ok\u0000</Data></Item></Alert>',
    );
    assert.equal((message.body[0] as Alert).items[0]?.data, 'ok');
    assert.match(warnings[0] as string, /control character/);
  });

  test('unescaped markup in Data (not DM DDF) becomes its XML text, as CDATA', () => {
    const { message, warnings } = decodeXml(
      '<Alert><CmdID>1</CmdID><Data>1226</Data><Item><Data><ResultCode>1200</ResultCode><Identifier>a&amp;b</Identifier></Data></Item></Alert>',
    );
    const item = (message.body[0] as Alert).items[0] as Item;
    assert.equal(item.data, '<ResultCode>1200</ResultCode><Identifier>a&amp;b</Identifier>');
    assert.equal(item.cdata, true);
    assert.match(warnings[0] as string, /unescaped markup/);
  });

  test('CDATA Data is flagged; embedded DM DDF becomes markup', () => {
    const { message } = decodeXml(
      '<Alert><CmdID>1</CmdID><Data>1226</Data><Item><Data><![CDATA[<a/>]]></Data></Item></Alert>' +
        '<Add><CmdID>2</CmdID><Item><Meta><Type xmlns="syncml:metinf">application/vnd.syncml.dmtnds+xml</Type></Meta><Data>\n <MgmtTree xmlns="syncml:dmddf1.2"><VerDTD>1.2</VerDTD></MgmtTree>\n</Data></Item></Add>',
    );
    assert.deepEqual((message.body[0] as Alert).items[0], { data: '<a/>', cdata: true });
    const data = (message.body[1] as { items: Item[] }).items[0]?.data;
    assert.ok(data !== undefined && typeof data === 'object' && !(data instanceof Uint8Array));
    assert.equal(data.kind, 'markup');
    assert.equal(data.element.name, 'MgmtTree');
    assert.equal(data.element.page, 2);
  });

  test('SyncML 1.1 messages decode', () => {
    const bytes = utf8(
      `<SyncML xmlns="SYNCML:SYNCML1.1">${HDR.replace('1.2</VerDTD>', '1.1</VerDTD>')}<SyncBody/></SyncML>`,
    );
    assert.equal(decodeMessage(bytes, XML).message.header.verDTD, '1.1');
  });
});

describe('decodeMessage (XML): typed errors with line and column', () => {
  test('no SyncHdr / no SyncBody / root not SyncML', () => {
    fails(
      () => decodeMessage(utf8('<SyncML xmlns="SYNCML:SYNCML1.2"><SyncBody/></SyncML>'), XML),
      'SCOMO_SYNCML_MISSING_ELEMENT',
    );
    fails(() => decodeMessage(utf8(`<SyncML>${HDR}</SyncML>`), XML), 'SCOMO_SYNCML_MISSING_ELEMENT');
    const err = fails(
      () => decodeMessage(utf8('\n<MgmtTree xmlns="syncml:dmddf1.2"/>'), XML),
      'SCOMO_SYNCML_NOT_SYNCML',
    );
    assert.equal(err.line, 2);
  });

  test('Status without CmdRef names the element and its position', () => {
    const text = `<SyncML xmlns="SYNCML:SYNCML1.2">${HDR}<SyncBody>\n<Status><CmdID>1</CmdID><MsgRef>1</MsgRef>\n  <Cmd>Add</Cmd><Data>200</Data></Status>\n</SyncBody></SyncML>`;
    const err = fails(() => decodeMessage(utf8(text), XML), 'SCOMO_SYNCML_MISSING_ELEMENT');
    assert.match(err.message, /Status\[1\] has no CmdRef/);
    assert.equal(err.line, 2);
    assert.equal(err.column, 1);
  });

  test('other required elements', () => {
    const cases = [
      '<Add><Item><Target><LocURI>./a</LocURI></Target></Item></Add>',
      '<Get><CmdID>1</CmdID><Item><Target><LocName>x</LocName></Target></Item></Get>',
      '<Results><CmdID>1</CmdID><Item/></Results>',
      '<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd></Status>',
      '<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Chal/><Data>401</Data></Status>',
    ];
    for (const body of cases) fails(() => decodeXml(body), 'SCOMO_SYNCML_MISSING_ELEMENT');
    fails(
      () => decodeXml('', HDR.replace('<Cred>', '').replace('</Source>', '</Source><Cred><Meta/></Cred>')),
      'SCOMO_SYNCML_MISSING_ELEMENT',
    );
    fails(() => decodeXml('', HDR.replace('<MsgID>1</MsgID>', '')), 'SCOMO_SYNCML_MISSING_ELEMENT');
  });

  test('a MaxMsgSize that is not a number is SCOMO_SYNCML_BAD_VALUE', () => {
    const header = HDR.replace(
      '</SyncHdr>',
      '<Meta><MaxMsgSize xmlns="syncml:metinf">16k</MaxMsgSize></Meta></SyncHdr>',
    );
    const err = fails(() => decodeXml('', header), 'SCOMO_SYNCML_BAD_VALUE');
    assert.equal(err.line, 1);
    assert.ok(err.column !== undefined && err.column > 1);
  });

  test('invalid UTF-8 is SCOMO_XML_ENCODING with the offset', () => {
    const bytes = new Uint8Array([...utf8('<SyncML>'), 0xc3, 0x28, ...utf8('</SyncML>')]);
    const err = fails(() => decodeMessage(bytes, XML), 'SCOMO_XML_ENCODING');
    assert.equal(err.offset, 8);
  });

  test('not a Uint8Array / unknown content type', () => {
    fails(() => decodeMessage('x' as unknown as Uint8Array, XML), 'SCOMO_SYNCML_BAD_VALUE');
    fails(() => decodeMessage(xmlMessage(''), 'text/html'), 'SCOMO_SYNCML_CONTENT_TYPE');
  });
});

test('commands OMA DM does not use are reported in `unsupported` with their CmdID, top level only', () => {
  const xml =
    '<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID>' +
    '<MsgID>2</MsgID><Target><LocURI>dev</LocURI></Target><Source><LocURI>srv</LocURI></Source></SyncHdr><SyncBody>' +
    '<Sync><CmdID>3</CmdID></Sync><Sequence><CmdID>4</CmdID><Map><CmdID>5</CmdID></Map></Sequence>' +
    '<Put><CmdID>6</CmdID></Put><Final/></SyncBody></SyncML>';
  const { message, warnings } = decodeMessage(new TextEncoder().encode(xml), 'application/vnd.syncml.dm+xml');
  assert.deepEqual(message.unsupported, [
    { name: 'Sync', cmdID: '3' },
    { name: 'Put', cmdID: '6' },
  ]);
  assert.equal(message.body.length, 1);
  assert.ok(warnings.some((w) => w.includes('<Map>')));
  const plain = decodeMessage(
    new TextEncoder().encode(xml.replace(/<Sync>.*<\/Sequence><Put>.*<\/Put>/, '')),
    'application/vnd.syncml.dm+xml',
  );
  assert.equal(plain.message.unsupported, undefined);
});
