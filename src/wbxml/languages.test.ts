import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  defineCodePage,
  DMDDF_12_PAGE,
  DMDDF_PAGE_TOKENS,
  METINF_PAGE,
  METINF_PAGE_TOKENS,
  SYNCML_12_PAGE,
  SYNCML_PAGE_TOKENS,
} from './code-pages.ts';
import {
  defaultPublicId,
  DMDDF_12,
  languageFor,
  namespaceForPage,
  pageForNamespace,
  SYNCML_11,
  SYNCML_12,
  syncmlOpaqueText,
} from './languages.ts';
import { el, expectWbxmlError } from './test-support.ts';

describe('code pages (reference §6.3–6.5)', () => {
  test('spot checks against the reference tables', () => {
    assert.equal(SYNCML_12_PAGE.tagByToken[0x2d], 'SyncML');
    assert.equal(SYNCML_12_PAGE.tagByToken[0x3c], 'Correlator');
    assert.equal(SYNCML_12_PAGE.tagByToken[0x12], 'Final');
    assert.equal(SYNCML_12_PAGE.tagByToken[0x30], undefined, '0x30 is reserved');
    assert.equal(METINF_PAGE.tokenByTag.get('Format'), 0x07);
    assert.equal(METINF_PAGE.tokenByTag.get('MaxObjSize'), 0x15);
    assert.equal(DMDDF_12_PAGE.tokenByTag.get('MgmtTree'), 0x20);
    assert.equal(DMDDF_12_PAGE.tokenByTag.get('node'), 0x25);
    assert.equal(DMDDF_12_PAGE.tokenByTag.get('Node'), 0x24);
  });

  test('the derived maps are exact inverses of the source tables', () => {
    for (const [page, source] of [
      [SYNCML_12_PAGE, SYNCML_PAGE_TOKENS],
      [METINF_PAGE, METINF_PAGE_TOKENS],
      [DMDDF_12_PAGE, DMDDF_PAGE_TOKENS],
    ] as const) {
      const entries = Object.entries(source);
      assert.equal(page.tokenByTag.size, entries.length);
      for (const [token, tag] of entries) {
        assert.equal(page.tagByToken[Number(token)], tag);
        assert.equal(page.tokenByTag.get(tag), Number(token));
      }
      assert.equal(page.tagByToken.length, 0x40);
    }
  });

  test('defineCodePage rejects tokens outside 0x05..0x3F, repeated tags and bad page numbers', () => {
    expectWbxmlError(() => defineCodePage(0, 'x', { 0x04: 'A' }), 'SCOMO_WBXML_BAD_CODE_PAGE');
    expectWbxmlError(() => defineCodePage(0, 'x', { 0x40: 'A' }), 'SCOMO_WBXML_BAD_CODE_PAGE');
    expectWbxmlError(() => defineCodePage(0, 'x', { 0x05: 'A', 0x06: 'A' }), 'SCOMO_WBXML_BAD_CODE_PAGE');
    expectWbxmlError(() => defineCodePage(256, 'x', { 0x05: 'A' }), 'SCOMO_WBXML_BAD_CODE_PAGE');
  });
});

describe('languages', () => {
  test('languageFor: numeric ids and FPIs', () => {
    assert.equal(languageFor(0x1201), SYNCML_12);
    assert.equal(languageFor(0x0fd3), SYNCML_11);
    assert.equal(languageFor('-//SYNCML//DTD SyncML 1.2//EN'), SYNCML_12);
    assert.equal(languageFor('-//SYNCML//DTD SyncML 1.1//EN'), SYNCML_11);
    assert.equal(languageFor('-//OMA//DTD-DM-DDF 1.2//EN'), DMDDF_12);
    assert.equal(languageFor(0x1203), undefined, 'DevInf 1.2 is not a DM language');
    assert.equal(languageFor(1), undefined);
    assert.equal(languageFor(0x1201, [DMDDF_12]), undefined, 'only the languages given are searched');
  });

  test('defaultPublicId: first numeric id, else first FPI', () => {
    assert.equal(defaultPublicId(SYNCML_12), 0x1201);
    assert.equal(defaultPublicId(DMDDF_12), '-//OMA//DTD-DM-DDF 1.2//EN');
  });

  test('namespaces ⇄ pages, namespace compared without case', () => {
    assert.equal(pageForNamespace(SYNCML_12, 'SYNCML:SYNCML1.2'), 0);
    assert.equal(pageForNamespace(SYNCML_12, 'syncml:SYNCML1.2'), 0);
    assert.equal(pageForNamespace(SYNCML_12, 'syncml:metinf'), 1);
    assert.equal(pageForNamespace(SYNCML_12, 'syncml:dmddf1.2'), 2);
    assert.equal(pageForNamespace(SYNCML_12, 'SYNCML:SYNCML1.1'), undefined);
    assert.equal(pageForNamespace(SYNCML_11, 'SYNCML:SYNCML1.1'), 0);
    assert.equal(pageForNamespace(DMDDF_12, 'syncml:dmddf1.2'), 2);
    assert.equal(pageForNamespace(DMDDF_12, 'syncml:metinf'), undefined);
    assert.equal(namespaceForPage(SYNCML_12, 0), 'SYNCML:SYNCML1.2');
    assert.equal(namespaceForPage(SYNCML_11, 0), 'SYNCML:SYNCML1.1');
    assert.equal(namespaceForPage(SYNCML_12, 1), 'syncml:metinf');
    assert.equal(namespaceForPage(DMDDF_12, 2), 'syncml:dmddf1.2');
    assert.equal(namespaceForPage(DMDDF_12, 0), undefined);
  });

  test('SyncML OPAQUE rule: Data of an Item of Add or Replace only', () => {
    const data = el('Data');
    const item = el('Item');
    assert.equal(syncmlOpaqueText(data, [el('SyncML'), el('SyncBody'), el('Add'), item]), true);
    assert.equal(syncmlOpaqueText(data, [el('Atomic'), el('Replace'), item]), true);
    assert.equal(syncmlOpaqueText(data, [el('Results'), item]), false);
    assert.equal(syncmlOpaqueText(data, [el('Alert'), item]), false);
    assert.equal(syncmlOpaqueText(data, [el('Add')]), false, 'Data directly in Add');
    assert.equal(syncmlOpaqueText(data, [el('Replace'), item, el('Meta')]), false, 'Data in Meta');
    assert.equal(syncmlOpaqueText(data, [el('Add', [], 2), item]), false, 'DDF Add is another tag');
    assert.equal(syncmlOpaqueText(el('Data', [], 1), [el('Add'), item]), false);
    assert.equal(syncmlOpaqueText(el('LocURI'), [el('Add'), item]), false);
    assert.equal(syncmlOpaqueText(data, []), false);
  });
});
