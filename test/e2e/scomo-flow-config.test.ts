/**
 * The SCOMO settings of `scomo serve` (docs/server.md, docs/scomo.md): flags and config-file keys,
 * the environment as a fallback, the default repository URL next to the DM endpoint, and the errors
 * a bad value gives — in-process for the option mapping, as a child process for the command line.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { isScomoError } from '../../src/errors/index.ts';
import { repositoryBase, scomoOptionsFrom } from '../../src/cli/scomo-wiring.ts';
import { checkServerConfig } from '../../src/cli/server-config.ts';
import type { ServerConfig } from '../../src/cli/server-config.ts';
import { defaultRepositoryUrl, resolveServeSettings } from '../../src/cli/server-settings.ts';
import { scomo, spawnServe, tempDir } from './server-harness.ts';

/** The options openScomo would give the service for this config and environment. */
function optionsFor(config: ServerConfig, env: Readonly<Record<string, string>> = {}) {
  const settings = resolveServeSettings(config);
  const publicUrl = settings.serverOptions.publicUrl;
  assert.ok(publicUrl !== undefined);
  return scomoOptionsFrom({ settings, server: { options: { publicUrl } } }, env);
}

describe('SCOMO settings of scomo serve', () => {
  test('defaults: the repository at dl next to the DM endpoint, nothing else set', () => {
    assert.equal(defaultRepositoryUrl('http://127.0.0.1:8080/dm'), 'http://127.0.0.1:8080/dl');
    assert.equal(defaultRepositoryUrl('https://lb.example.com/scomo/dm'), 'https://lb.example.com/scomo/dl');
    assert.deepEqual(optionsFor({ port: 9000 }), { repositoryUrl: 'http://127.0.0.1:9000' });
    assert.deepEqual(optionsFor({ publicUrl: 'https://lb.example.com/scomo/dm' }), {
      repositoryUrl: 'https://lb.example.com/scomo',
    });
  });

  test('config keys map onto the service options (seconds become milliseconds)', () => {
    const config = checkServerConfig(
      {
        repositoryUrl: 'https://cdn.example.com/pkgs/dl/',
        downloadUrlTtl: 3600,
        downloadDescriptors: true,
        deviceRequests: 'deny',
        jobTtl: 1.5,
      },
      'config file x',
      '/',
    );
    assert.deepEqual(optionsFor(config), {
      repositoryUrl: 'https://cdn.example.com/pkgs',
      downloadUrlTtlMs: 3_600_000,
      jobTtlMs: 1500,
      useDownloadDescriptor: true,
      deviceRequests: 'deny',
    });
    for (const [document, why] of [
      [{ deviceRequests: 'some' }, /"deviceRequests" must be one of allow, deny, allow-known-packages/],
      [{ downloadDescriptors: 1 }, /"downloadDescriptors" must be true or false/],
      [{ jobTtl: -1 }, /"jobTtl" must be a number ≥ 0/],
    ] as const) {
      assert.throws(
        () => checkServerConfig(document, 'config file x', '/'),
        (e) => isScomoError(e, 'SCOMO_CLI_CONFIG') && why.test(e.message),
        JSON.stringify(document),
      );
    }
  });

  test('the environment is a fallback only: flags and the config file win', () => {
    const env = {
      SCOMO_REPOSITORY_URL: 'http://env.example.com/dl',
      SCOMO_DOWNLOAD_URL_TTL: '60',
      SCOMO_DOWNLOAD_DESCRIPTORS: '1',
      SCOMO_DEVICE_REQUESTS: 'allow',
      SCOMO_JOB_TTL: '120',
    };
    assert.deepEqual(optionsFor({}, env), {
      repositoryUrl: 'http://env.example.com',
      downloadUrlTtlMs: 60_000,
      jobTtlMs: 120_000,
      useDownloadDescriptor: true,
      deviceRequests: 'allow',
    });
    assert.deepEqual(
      optionsFor(
        {
          repositoryUrl: 'http://flag.example.com/dl',
          downloadUrlTtl: 5,
          downloadDescriptors: false,
          deviceRequests: 'deny',
          jobTtl: 7,
        },
        env,
      ),
      {
        repositoryUrl: 'http://flag.example.com',
        downloadUrlTtlMs: 5000,
        jobTtlMs: 7000,
        deviceRequests: 'deny',
      },
    );
  });

  test('bad values: SCOMO_CLI_CONFIG naming the setting and what was expected', () => {
    const cases: [ServerConfig, Record<string, string>, RegExp][] = [
      [{ repositoryUrl: 'http://x/y' }, {}, /--repository-url must end in \/dl/],
      [{ repositoryUrl: 'ftp://x/dl' }, {}, /--repository-url must be an http: or https: URL/],
      [{ repositoryUrl: 'http://x/dl?a=1' }, {}, /--repository-url must have no query or fragment/],
      [{ repositoryUrl: 'dl' }, {}, /--repository-url must be an absolute http\(s\) URL/],
      [{ downloadUrlTtl: 0.5 }, {}, /--download-url-ttl must be at least 1 second/],
      [{ jobTtl: 0 }, {}, /--job-ttl must be at least 1 second/],
      [{}, { SCOMO_JOB_TTL: 'soon' }, /SCOMO_JOB_TTL must be a number of seconds, got "soon"/],
      [{}, { SCOMO_DEVICE_REQUESTS: 'maybe' }, /SCOMO_DEVICE_REQUESTS must be one of allow, deny/],
      [{}, { SCOMO_REPOSITORY_URL: 'http://x' }, /SCOMO_REPOSITORY_URL must end in \/dl/],
    ];
    for (const [config, env, why] of cases) {
      assert.throws(
        () => optionsFor(config, env),
        (e) => isScomoError(e, 'SCOMO_CLI_CONFIG') && why.test(e.message),
        `${JSON.stringify(config)} ${JSON.stringify(env)}`,
      );
    }
    assert.equal(repositoryBase('http://h:1/a/dl//'), 'http://h:1/a');
  });

  test('command line: --help names the flags; a bad one is one line and exit 1; the URL is printed', async () => {
    const help = await scomo(['serve', '--help']);
    assert.equal(help.code, 0);
    for (const flag of [
      '--repository-url',
      '--download-url-ttl',
      '--download-descriptors',
      '--device-requests',
      '--job-ttl',
    ]) {
      assert.ok(help.stdout.includes(flag), `help mentions ${flag}`);
    }
    const dir = tempDir('scomo-flow-config-');
    const bad = await Promise.all([
      scomo(['serve', '--port', '0', '--repository-url', 'http://x/y'], { cwd: dir }),
      scomo(['serve', '--port', '0', '--device-requests', 'some'], { cwd: dir }),
    ]);
    assert.equal(bad[0]?.code, 1);
    assert.match(bad[0]?.stderr ?? '', /--repository-url must end in \/dl/);
    assert.equal(bad[1]?.code, 1);
    assert.match(bad[1]?.stderr ?? '', /Allowed choices are allow, deny, allow-known-packages/);
    for (const run of bad) assert.ok(!(run?.stderr ?? '').includes('    at '), 'no stack trace');

    const config = path.join(dir, 'serve.json');
    writeFileSync(config, JSON.stringify({ repositoryUrl: 'https://cdn.example.com/pkgs/dl' }));
    const serve = await spawnServe(['--port', '0', '--config', config, '--log-level', 'warn'], { cwd: dir });
    try {
      assert.match(serve.stdout(), /package repository https:\/\/cdn\.example\.com\/pkgs\/dl\n/);
      // The repository routes are mounted: a forged token is refused by the service, not 404 by fastify.
      const response = await fetch(`http://127.0.0.1:${serve.port}/dl/forged.token`);
      assert.equal(response.status, 403);
    } finally {
      const stopped = await serve.kill('SIGTERM');
      assert.equal(stopped.code, 0, serve.stderr());
    }
  });
});
