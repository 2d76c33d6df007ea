import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { alertName, ALERT_CODES, isUserInteractionAlert } from './alert-codes.ts';
import { AUTH_TYPES, authTypeForMetaType } from './auth-types.ts';
import { compareMarkSeverity, isMarkSeverity, isMetaFormat, MARK_SEVERITIES, META_FORMATS } from './meta.ts';
import { isEmptyElement } from './empty-elements.ts';
import { pageForXmlNamespace, xmlNamespaceForPage } from './namespaces.ts';
import { isKnownStatusCode, isSuccessStatus, STATUS_CODES, statusMeaning } from './status-codes.ts';

describe('status codes (reference §2.7)', () => {
  test('codes are unique three-digit strings and the DM ones are marked', () => {
    const codes = Object.values(STATUS_CODES).map((entry) => entry.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const code of codes) assert.match(code, /^[1-5]\d\d$/);
    assert.equal(STATUS_CODES.CHUNK_ACCEPTED.code, '213');
    assert.equal(STATUS_CODES.ATOMIC_RESPONSE_TOO_LARGE.dm, true);
    assert.equal(STATUS_CODES.CONFLICT.dm, false);
  });

  test('lookups', () => {
    assert.equal(statusMeaning('425'), 'Permission denied');
    assert.equal(statusMeaning(' 212 '), 'Authentication accepted');
    assert.equal(statusMeaning('299'), undefined);
    assert.equal(isKnownStatusCode('516'), true);
    assert.equal(isKnownStatusCode('515'), false);
    assert.equal(isSuccessStatus('213'), true);
    assert.equal(isSuccessStatus('304'), false);
  });
});

describe('alert codes (reference §2.6)', () => {
  test('table and lookups', () => {
    assert.equal(ALERT_CODES.GENERIC_ALERT.code, '1226');
    assert.equal(alertName('1222'), 'NEXT_MESSAGE');
    assert.equal(alertName('1105'), undefined);
    assert.equal(isUserInteractionAlert('1103'), true);
    assert.equal(isUserInteractionAlert('1105'), false);
    assert.equal(isUserInteractionAlert('1201'), false);
  });
});

describe('meta formats and marks', () => {
  test('the eleven DM formats', () => {
    assert.equal(META_FORMATS.length, 11);
    assert.equal(isMetaFormat('node'), true);
    assert.equal(isMetaFormat('Node'), false);
  });

  test('mark severities order, most severe first (reference §2.10)', () => {
    assert.equal(MARK_SEVERITIES[0], 'fatal');
    assert.ok(compareMarkSeverity('critical', 'warning') < 0);
    assert.ok(compareMarkSeverity('harmless', 'minor') > 0);
    assert.equal(isMarkSeverity('informational'), true);
    assert.equal(isMarkSeverity('info'), false);
  });
});

describe('auth types (reference §3.1)', () => {
  test('AAuthType ↔ Meta Type, case-insensitive on input', () => {
    assert.equal(AUTH_TYPES.DIGEST, 'syncml:auth-md5');
    assert.equal(authTypeForMetaType('syncml:auth-mac'), 'HMAC');
    assert.equal(authTypeForMetaType('syncml:auth-basic'), 'BASIC');
    assert.equal(authTypeForMetaType('syncml:auth-none'), undefined);
  });
});

describe('namespaces and empty elements', () => {
  test('page ↔ namespace', () => {
    assert.equal(pageForXmlNamespace(' SYNCML:METINF '), 1);
    assert.equal(pageForXmlNamespace('syncml:dmddf1.2'), 2);
    assert.equal(pageForXmlNamespace('urn:x'), undefined);
    assert.equal(xmlNamespaceForPage(0), 'SYNCML:SYNCML1.2');
    assert.equal(xmlNamespaceForPage(3), undefined);
  });

  test('flags are empty elements; value elements are not', () => {
    assert.equal(isEmptyElement(0, 'Final'), true);
    assert.equal(isEmptyElement(0, 'Data'), false);
    assert.equal(isEmptyElement(2, 'node'), true);
    assert.equal(isEmptyElement(0, 'node'), false);
  });
});
