import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ScomoError } from '../../errors/index.ts';
import { resultCodeFor } from './result-codes.ts';

const err = (code: string): ScomoError => new ScomoError(code, 'x');

describe('result codes of failures', () => {
  const cases: [string, Parameters<typeof resultCodeFor>[1], number][] = [
    ['SCOMO_DOWNLOAD_HTTP_STATUS', 'download', 1402],
    ['SCOMO_DOWNLOAD_AUTH', 'download', 1403],
    ['SCOMO_STORAGE_FULL', 'download', 1404],
    ['SCOMO_STORAGE_FULL', 'install', 1406],
    ['SCOMO_INSTALL_HOOK_FAILED', 'install', 1405],
    ['SCOMO_PACKAGE_SIGNATURE', 'download', 1407],
    ['SCOMO_PACKAGE_UNSAFE_ENTRY', 'install', 1407],
    ['SCOMO_PACKAGE_DIGEST', 'install', 1407],
    ['SCOMO_INSTALL_HOOK_FAILED', 'remove', 1408],
    ['SCOMO_INSTALL_HOOK_TIMEOUT', 'activate', 1409],
    ['SCOMO_INSTALL_WRONG_STATE', 'deactivate', 1410],
    ['SCOMO_INSTALL_NOT_SUPPORTED', 'activate', 1411],
    ['SCOMO_PACKAGE_ENV_TYPE', 'install', 1413],
    ['SCOMO_DOWNLOAD_SERVER_ERROR', 'download', 1500],
    ['SCOMO_DOWNLOAD_UNREACHABLE', 'download', 1501],
    ['SCOMO_SOMETHING_NEW', 'remove', 1408],
  ];
  for (const [code, step, expected] of cases) {
    test(`${code} during ${step} → ${expected}`, () =>
      assert.equal(resultCodeFor(err(code), step), expected));
  }
  test('a non-ScomoError falls back to the step', () => {
    assert.equal(resultCodeFor(new TypeError('bug'), 'install'), 1405);
  });
});
