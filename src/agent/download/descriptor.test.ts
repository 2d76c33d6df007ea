import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDescriptor } from './descriptor.ts';
import { installNotifyBody, installNotifyStatusFor } from './install-notify.ts';

const base = 'http://repo.example/dl/app/dd.xml';

describe('OMA DL download descriptors', () => {
  test('a full DD 1.0 descriptor, with a prefix, CDATA and unknown elements', () => {
    const parsed = parseDescriptor(
      `<?xml version="1.0" encoding="UTF-8"?>
      <dd:media xmlns:dd="http://www.openmobilealliance.org/xmlns/dd">
        <dd:DDVersion>1.0</dd:DDVersion>
        <dd:type>application/zip</dd:type>
        <dd:type>application/octet-stream</dd:type>
        <dd:size> 1024 </dd:size>
        <dd:objectURI>../app.zip?token=a&amp;b</dd:objectURI>
        <dd:installNotifyURI>https://repo.example/notify/1</dd:installNotifyURI>
        <dd:name><![CDATA[App <one>]]></dd:name>
        <dd:vendor>Example</dd:vendor>
        <dd:somethingNew><nested/></dd:somethingNew>
      </dd:media>`,
      base,
    );
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.descriptor, {
      objectURI: 'http://repo.example/dl/app.zip?token=a&b',
      size: 1024,
      types: ['application/zip', 'application/octet-stream'],
      installNotifyURI: 'https://repo.example/notify/1',
      name: 'App <one>',
      vendor: 'Example',
      ddVersion: '1.0',
    });
  });

  const invalid: [string, string, RegExp, number][] = [
    ['missing objectURI', '<media><type>a/b</type><size>1</size></media>', /objectURI is missing/, 906],
    ['missing size', '<media><type>a/b</type><objectURI>x</objectURI></media>', /size "" is not/, 906],
    [
      'negative size',
      '<media><type>a/b</type><size>-1</size><objectURI>x</objectURI></media>',
      /size "-1"/,
      906,
    ],
    ['no type', '<media><size>1</size><objectURI>x</objectURI></media>', /no type/, 906],
    ['wrong root', '<product><type>a/b</type></product>', /not <media>/, 906],
    [
      'DD 2.0',
      '<media><DDVersion>2.0</DDVersion><type>a/b</type><size>1</size><objectURI>x</objectURI></media>',
      /DDVersion 2\.0/,
      951,
    ],
    ['not XML', '<media><type>', /not well-formed/, 906],
    ['entity expansion', '<!DOCTYPE media [<!ENTITY a "aaaa">]><media/>', /not well-formed/, 906],
    [
      'objectURI of another scheme',
      '<media><type>a/b</type><size>1</size><objectURI>ftp://x/y</objectURI></media>',
      /objectURI/,
      906,
    ],
  ];
  for (const [name, text, pattern, status] of invalid) {
    test(`refused: ${name}`, () => {
      const parsed = parseDescriptor(text, base);
      assert.equal(parsed.ok, false);
      if (parsed.ok) return;
      assert.equal(parsed.error.code, 'SCOMO_DOWNLOAD_DESCRIPTOR');
      assert.match(parsed.error.message, pattern);
      assert.equal(parsed.status, status);
    });
  }

  test('an invalid descriptor still yields its installNotifyURI', () => {
    const parsed = parseDescriptor('<media><installNotifyURI>/n</installNotifyURI></media>', base);
    assert.equal(parsed.ok, false);
    assert.equal(parsed.ok ? undefined : parsed.installNotifyURI, 'http://repo.example/n');
  });
});

describe('install notification statuses', () => {
  test('bodies and the mapping from failures', () => {
    assert.equal(installNotifyBody(900), '900 Success');
    assert.equal(installNotifyBody(954), '954 Loader Error');
    assert.equal(installNotifyStatusFor(undefined), 900);
    assert.equal(installNotifyStatusFor('SCOMO_STORAGE_FULL'), 901);
    assert.equal(installNotifyStatusFor('SCOMO_DOWNLOAD_MISMATCH'), 905);
    assert.equal(installNotifyStatusFor('SCOMO_DOWNLOAD_DESCRIPTOR'), 906);
    assert.equal(installNotifyStatusFor('SCOMO_DOWNLOAD_ABORTED'), 952);
    assert.equal(installNotifyStatusFor('SCOMO_PACKAGE_SIGNATURE'), 953);
    assert.equal(installNotifyStatusFor('SCOMO_DOWNLOAD_UNREACHABLE'), 954);
  });
});
