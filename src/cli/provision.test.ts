import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../errors/index.ts';
import { provisionInput, wantsChange } from './provision.ts';
import { startSpinner } from './spinner.ts';

describe('scomo device provisioning flags', () => {
  test('a password alone means md5 as the DevId; server credentials name the server id', () => {
    assert.deepEqual(provisionInput('IMEI:1', { password: 'pw', serverPassword: 'sp' }, 'dms'), {
      devId: 'IMEI:1',
      clientCredential: { authType: 'DIGEST', username: 'IMEI:1', password: 'pw' },
      serverCredential: { authType: 'DIGEST', username: 'dms', password: 'sp' },
    });
    assert.deepEqual(
      provisionInput(
        'IMEI:1',
        { auth: 'hmac', username: 'dev1', password: 'pw', serverAuth: 'hmac', serverPassword: 'sp' },
        'dms',
      ),
      {
        devId: 'IMEI:1',
        clientCredential: { authType: 'HMAC', username: 'dev1', password: 'pw' },
        serverCredential: { authType: 'HMAC', username: 'dms', password: 'sp' },
      },
    );
  });

  test('none, notify, enable and quirks; fields not named are left alone', () => {
    assert.deepEqual(
      provisionInput(
        'IMEI:1',
        { auth: 'none', notify: 'udp://d:1', enable: false, quirks: 'no-sequence' },
        's',
      ),
      {
        devId: 'IMEI:1',
        clientCredential: null,
        notifyAddress: 'udp://d:1',
        enabled: false,
        quirks: ['no-sequence'],
      },
    );
    assert.deepEqual(provisionInput('IMEI:1', { notify: 'none', quirks: 'none' }, 's'), {
      devId: 'IMEI:1',
      notifyAddress: null,
      quirks: [],
    });
    assert.equal(wantsChange({}), false);
    assert.equal(wantsChange({ enable: true }), true);
  });

  test('incomplete or unknown values are usage errors', () => {
    for (const [flags, why] of [
      [{ auth: 'md5' as const }, /needs --password/],
      [{ auth: 'none' as const, password: 'x' }, /takes no --password/],
      [{ serverAuth: 'hmac' as const }, /--server-auth needs --server-password/],
      [{ quirks: 'never-send-anything' }, /unknown quirk never-send-anything; known quirks: no-sequence/],
    ] as const) {
      assert.throws(
        () => provisionInput('IMEI:1', flags, 's'),
        (e) => isScomoError(e, 'SCOMO_CLI_USAGE') && why.test(e.message),
      );
    }
  });
});

describe('spinner', () => {
  test('silent when the stream is not a terminal or it is disabled', () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (text: string) => written.push(text) > 0 };
    const spinner = startSpinner('waiting', { stream });
    spinner.update('still waiting');
    spinner.stop();
    startSpinner('x', { stream: { ...stream, isTTY: true }, enabled: false }).stop();
    assert.deepEqual(written, []);
  });

  test('on a terminal: draws the text, clears the line when stopped', () => {
    const written: string[] = [];
    const spinner = startSpinner('waiting for IMEI:1', {
      stream: { isTTY: true, write: (text: string) => written.push(text) > 0 },
    });
    spinner.stop();
    spinner.stop();
    const first = written[0] ?? '';
    assert.ok(first.startsWith('\r\x1b[2K') && first.endsWith(' waiting for IMEI:1'), JSON.stringify(first));
    assert.deepEqual(written.slice(1), ['\r\x1b[2K']);
  });
});
