import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../errors/index.ts';
import { decodeWbxml, DMDDF_12, SYNCML_11 } from '../wbxml/index.ts';
import { wbxmlToXml, xmlToWbxml } from './convert.ts';

const TREE =
  '<MgmtTree xmlns="syncml:dmddf1.2"><VerDTD>1.2</VerDTD><Node><NodeName>a</NodeName><RTProperties><Format><chr/></Format><Type><MIME>text/plain</MIME></Type></RTProperties><Value>v</Value></Node></MgmtTree>';

describe('xmlToWbxml / wbxmlToXml', () => {
  test('a standalone DM DDF document: FPI in the string table, tags on page 2, and back', () => {
    const bytes = xmlToWbxml(TREE);
    const fpi = '-//OMA//DTD-DM-DDF 1.2//EN';
    assert.deepEqual([...bytes.subarray(0, 5)], [0x02, 0x00, 0x00, 0x6a, fpi.length + 1]);
    assert.equal(new TextDecoder().decode(bytes.subarray(5, 5 + fpi.length)), fpi);
    assert.deepEqual(
      [...bytes.subarray(6 + fpi.length, 9 + fpi.length)],
      [0x00, 0x02, 0x60],
      'SWITCH_PAGE 2, MgmtTree with content',
    );
    assert.equal(decodeWbxml(bytes).language, DMDDF_12);
    assert.equal(wbxmlToXml(bytes), TREE);
  });

  test('a SyncML 1.1 message keeps its public id and namespace', () => {
    const xml =
      '<SyncML xmlns="SYNCML:SYNCML1.1"><SyncHdr><VerDTD>1.1</VerDTD><VerProto>DM/1.1</VerProto><SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>a</LocURI></Target><Source><LocURI>b</LocURI></Source></SyncHdr><SyncBody><Final/></SyncBody></SyncML>';
    const bytes = xmlToWbxml(new TextEncoder().encode(xml));
    assert.equal(decodeWbxml(bytes).language, SYNCML_11);
    assert.equal(wbxmlToXml(bytes), xml);
  });

  test('the TNDS Type text goes out as +wbxml and comes back as +xml (as libwbxml does); other Types stay', () => {
    const message = (type: string) =>
      `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncBody><Add><Item><Meta><Type xmlns="syncml:metinf">${type}</Type></Meta><Data>x</Data></Item></Add></SyncBody></SyncML>`;
    const bytes = xmlToWbxml(message('application/vnd.syncml.dmtnds+xml'));
    assert.ok(new TextDecoder().decode(bytes).includes('application/vnd.syncml.dmtnds+wbxml'));
    assert.match(
      wbxmlToXml(bytes),
      /<Type xmlns="syncml:metinf">application\/vnd\.syncml\.dmtnds\+xml<\/Type>/,
    );
    assert.match(
      wbxmlToXml(xmlToWbxml(message('text/plain'))),
      /<Type xmlns="syncml:metinf">text\/plain<\/Type>/,
    );
  });

  test('pretty output', () => {
    assert.match(
      wbxmlToXml(xmlToWbxml(TREE), { pretty: true }),
      /^<MgmtTree xmlns="syncml:dmddf1\.2">\n {2}<VerDTD>1\.2<\/VerDTD>\n/,
    );
  });

  test('bad input is a ScomoError', () => {
    assert.throws(
      () => xmlToWbxml('<a'),
      (err) => isScomoError(err, 'SCOMO_XML_'),
    );
    assert.throws(
      () => wbxmlToXml(new Uint8Array([0x09])),
      (err) => isScomoError(err, 'SCOMO_WBXML_'),
    );
  });
});
