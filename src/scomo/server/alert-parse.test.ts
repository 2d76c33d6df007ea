import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isScomoError } from '../../errors/index.ts';
import { decodeMessage, encodeMessage } from '../../syncml/index.ts';
import type { Alert } from '../../syncml/index.ts';
import { operationComplete, scomoAlertCommand } from '../device/alert.ts';
import { throughCodec } from '../test-support.ts';
import { parseResultData, parseScomoAlert, parseScomoAlertItem } from './alert-parse.ts';

const XML = 'application/vnd.syncml.dm+xml';
const CORPUS = new URL('../../../../shared/corpus/', import.meta.url);
const TYPE = 'urn:oma:at:scomo:1.0:OperationComplete';
const LEGACY = 'org.openmobilealliance.dm.softwarecomponent.OperationComplete';

/** Wraps SyncBody XML in a client message (after Alert 1201) and returns the other Alerts, decoded. */
function body(xml: string): Alert[] {
  const text = `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>https://dm.example.com/dm</LocURI></Target><Source><LocURI>IMEI:1</LocURI></Source></SyncHdr><SyncBody><Alert><CmdID>1</CmdID><Data>1201</Data></Alert>${xml}<Final/></SyncBody></SyncML>`;
  const decoded = decodeMessage(new TextEncoder().encode(text), XML);
  return decoded.message.body.filter((c): c is Alert => c.kind === 'Alert' && c.data !== '1201');
}

function alertXml(
  item: { source?: string; target?: string; type?: string; format?: string; mark?: string; data: string },
  correlator?: string,
): string {
  const meta = [
    item.type === undefined ? '' : `<Type xmlns="syncml:metinf">${item.type}</Type>`,
    item.format === undefined ? '' : `<Format xmlns="syncml:metinf">${item.format}</Format>`,
    item.mark === undefined ? '' : `<Mark xmlns="syncml:metinf">${item.mark}</Mark>`,
  ].join('');
  return `<Alert><CmdID>2</CmdID><Data>1226</Data>${correlator === undefined ? '' : `<Correlator>${correlator}</Correlator>`}<Item>${
    item.source === undefined ? '' : `<Source><LocURI>${item.source}</LocURI></Source>`
  }${item.target === undefined ? '' : `<Target><LocURI>${item.target}</LocURI></Target>`}<Meta>${meta}</Meta><Data>${item.data}</Data></Item></Alert>`;
}

describe('parseScomoAlert', () => {
  test('the reference §1.8 example', () => {
    const alerts = body(`<Alert>
  <CmdID>3</CmdID>
  <Data>1226</Data>
  <Correlator>corr-42</Correlator>
  <Item>
    <Source><LocURI>./SCOMO/Download/app7/Operations/DownloadInstall</LocURI></Source>
    <Target><LocURI>./SCOMO/Inventory/Deployed/app7c1</LocURI></Target>
    <Meta>
      <Type xmlns="syncml:metinf">urn:oma:at:scomo:1.0:OperationComplete</Type>
      <Format xmlns="syncml:metinf">xml</Format>
      <Mark xmlns="syncml:metinf">informational</Mark>
    </Meta>
    <Data><![CDATA[<ResultCode>1200</ResultCode><Identifier>com.example.app7</Identifier>]]></Data>
  </Item>
</Alert>`);
    const [alert] = alerts;
    assert.ok(alert !== undefined);
    assert.deepEqual(parseScomoAlert(alert), [
      {
        correlator: 'corr-42',
        sourceUri: './SCOMO/Download/app7/Operations/DownloadInstall',
        targetUri: './SCOMO/Inventory/Deployed/app7c1',
        resultCode: 1200,
        meaning: 'Successful',
        success: true,
        identifier: 'com.example.app7',
        mark: 'informational',
        legacyType: false,
        operation: { kind: 'download', node: 'app7', root: './SCOMO', operation: 'DownloadInstall' },
        targetObject: { kind: 'deployed', node: 'app7c1', root: './SCOMO' },
      },
    ]);
  });

  test('corpus message 04 (package #1 with the alert after Alert 1201)', () => {
    const decoded = decodeMessage(readFileSync(new URL('04-pkg1-generic-alert.xml', CORPUS)), XML);
    const results = decoded.message.body.flatMap((c) => (c.kind === 'Alert' ? parseScomoAlert(c) : []));
    assert.deepEqual(
      results.map((r) => [r.correlator, r.resultCode, r.identifier, r.targetUri, r.operation?.operation]),
      [
        [
          'job-000172-dev490154',
          1200,
          'com.example.navigator',
          './SCOMO/Inventory/Deployed/c40',
          'DownloadInstall',
        ],
      ],
    );
  });

  test('what the device MO sends reads back the same, in XML and WBXML, one result per component', () => {
    const alert = operationComplete(
      './SCOMO/Download/p/Operations/DownloadInstall',
      'job <7>',
      [
        { target: './SCOMO/Inventory/Deployed/a', identifier: 'com.x&a' },
        { target: './SCOMO/Inventory/Deployed/b', identifier: 'com.x.b' },
      ],
      1200,
    );
    const command = scomoAlertCommand(alert, '4');
    for (const encoding of ['xml', 'wbxml'] as const) {
      const [decoded] = throughCodec([command], encoding);
      assert.ok(decoded?.kind === 'Alert');
      const results = parseScomoAlert(decoded);
      assert.deepEqual(
        results.map((r) => [r.correlator, r.targetUri, r.identifier, r.resultCode, r.mark]),
        [
          ['job <7>', './SCOMO/Inventory/Deployed/a', 'com.x&a', 1200, 'informational'],
          ['job <7>', './SCOMO/Inventory/Deployed/b', 'com.x.b', 1200, 'informational'],
        ],
      );
    }
    const xml = new TextDecoder().decode(
      encodeMessage(
        {
          header: {
            verDTD: '1.2',
            verProto: 'DM/1.2',
            sessionID: '1',
            msgID: '1',
            target: { locURI: 's' },
            source: { locURI: 'd' },
          },
          body: [command],
          final: true,
        },
        'xml',
      ),
    );
    assert.match(xml, /<Data>1226<\/Data><Correlator>job &lt;7&gt;<\/Correlator>/);
    assert.match(xml, /<!\[CDATA\[<ResultCode>1200<\/ResultCode><Identifier>com\.x&amp;a<\/Identifier>\]\]>/);
  });

  test('MediaTek: Format text/plain, Target names Deployed for a Delivered Install, escaped Data', () => {
    const [alert] = body(
      alertXml(
        {
          source: './SCOMO/Inventory/Delivered/pkg5/Operations/Install',
          target: './SCOMO/Inventory/Deployed/pkg5',
          type: TYPE,
          format: 'text/plain',
          mark: 'informational',
          data: '&lt;ResultCode&gt;1405&lt;/ResultCode&gt;&lt;Identifier&gt;pkg5-1.0&lt;/Identifier&gt;',
        },
        'c-5',
      ),
    );
    assert.ok(alert !== undefined);
    const [r] = parseScomoAlert(alert);
    assert.equal(r?.resultCode, 1405);
    assert.equal(r?.success, false);
    assert.equal(r?.meaning, 'Install failed');
    assert.equal(r?.identifier, 'pkg5-1.0');
    assert.deepEqual(r?.operation, {
      kind: 'delivered',
      node: 'pkg5',
      root: './SCOMO',
      operation: 'Install',
    });
    assert.deepEqual(r?.targetObject, { kind: 'deployed', node: 'pkg5', root: './SCOMO' }, 'taken as sent');
    assert.equal(r?.mark, 'informational', 'the Mark is reported, the result code decides success');
  });

  test('Nokia: legacy Type, Format chr, Mark warning on a success', () => {
    const [alert] = body(
      alertXml({
        source: './SCOMO/Inventory/Deployed/c/Operations/Activate',
        target: './SCOMO/Inventory/Deployed/c',
        type: LEGACY,
        format: 'chr',
        mark: 'warning',
        data: '<![CDATA[<ResultCode>1200</ResultCode><Identifier>c</Identifier>]]>',
      }),
    );
    assert.ok(alert !== undefined);
    const [r] = parseScomoAlert(alert);
    assert.deepEqual(
      [r?.success, r?.mark, r?.legacyType, 'correlator' in (r ?? {})],
      [true, 'warning', true, false],
    );
  });

  test('lenient Data: escaped twice, bare code, no Identifier, blanks, no Mark, no Source', () => {
    assert.deepEqual(
      parseResultData(
        '&lt;ResultCode&gt;1402&lt;/ResultCode&gt;&lt;Identifier&gt;a&amp;amp;b&lt;/Identifier&gt;',
      ),
      {
        resultCode: 1402,
        identifier: 'a&b',
      },
    );
    assert.deepEqual(parseResultData(' 1501 '), { resultCode: 1501, identifier: '' });
    assert.deepEqual(parseResultData('<ResultCode> 1200 </ResultCode>'), {
      resultCode: 1200,
      identifier: '',
    });
    assert.deepEqual(parseResultData('<resultcode>1413</resultcode><identifier> x </identifier>'), {
      resultCode: 1413,
      identifier: 'x',
    });
    const r = parseScomoAlertItem({
      type: TYPE,
      format: 'xml',
      data: '<ResultCode>1452</ResultCode><Identifier>v</Identifier>',
    });
    assert.deepEqual(r, {
      resultCode: 1452,
      meaning: 'Client error, vendor-specified (1452)',
      success: false,
      identifier: 'v',
      mark: 'informational',
      legacyType: false,
    });
  });

  test('WBXML OPAQUE bytes and the session layer’s base64 records are read as UTF-8 text', () => {
    const text = '<ResultCode>1200</ResultCode><Identifier>é</Identifier>';
    const bytes = new TextEncoder().encode(text);
    assert.equal(parseScomoAlertItem({ type: TYPE, format: 'xml', data: bytes })?.identifier, 'é');
    const b64 = btoa(String.fromCharCode(...bytes));
    const clientAlert = {
      id: 'x',
      alertCode: '1226',
      correlator: null,
      type: TYPE,
      format: 'xml',
      mark: null,
      source: null,
      target: null,
      data: b64,
      encoding: 'b64' as const,
    };
    const r = parseScomoAlertItem(clientAlert);
    assert.deepEqual(
      [r?.identifier, r?.mark, 'correlator' in (r ?? {}), 'sourceUri' in (r ?? {})],
      ['é', 'informational', false, false],
    );
  });

  test('not SCOMO: other Types and other alerts give nothing', () => {
    assert.equal(
      parseScomoAlertItem({
        type: 'urn:oma:at:fumo:1.0:OperationComplete',
        data: '<ResultCode>200</ResultCode>',
      }),
      undefined,
    );
    const [alert] = body(alertXml({ type: 'com.vendor.battery', format: 'int', data: '40' }));
    assert.equal(alert?.data, '1226');
    assert.ok(alert !== undefined);
    assert.deepEqual(parseScomoAlert(alert), []);
    assert.deepEqual(parseScomoAlert({ kind: 'Alert', cmdID: '1', data: '1201', items: [] }), []);
  });

  test('unreadable SCOMO items are ScomoErrors: a Format the server must answer 415, Data without a result', () => {
    assert.throws(
      () => parseScomoAlertItem({ type: TYPE, format: 'b64', data: 'MTIwMA==' }),
      (e) =>
        isScomoError(e, 'SCOMO_ALERT_FORMAT') &&
        /expected xml, chr or text\/plain/.test((e as Error).message),
    );
    for (const data of ['', 'ok', '<Result>1200</Result>', new Uint8Array([0xff, 0xfe])]) {
      assert.throws(
        () => parseScomoAlertItem({ type: TYPE, format: 'xml', data }),
        (e) => isScomoError(e, 'SCOMO_ALERT_DATA'),
      );
    }
    assert.throws(
      () => parseScomoAlertItem({ type: TYPE, format: 'xml', data: '%%%', encoding: 'b64' }),
      (e) => isScomoError(e, 'SCOMO_ALERT_DATA'),
    );
  });
});
