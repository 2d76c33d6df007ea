/**
 * The `scomo serve` command line: help, usage errors (one line, exit 1), the embedded defaults (./data
 * created, SQLite in it, the endpoint printed), the config file (flags win), HTTPS with --tls-cert/
 * --tls-key, and a clean stop on SIGTERM.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { agentOnce, scomo, spawnServe, tempDir } from './server-harness.ts';

describe('scomo serve command line', () => {
  test('--help names every flag and the docs', async () => {
    const { code, stdout } = await scomo(['serve', '--help']);
    assert.equal(code, 0);
    for (const flag of [
      '--port',
      '--host',
      '--data',
      '--db',
      '--tls-cert',
      '--tls-key',
      '--config',
      '--registration',
      '--log-level',
      '--public-url',
      '--server-password',
      '--no-wake',
    ]) {
      assert.ok(stdout.includes(flag), `help mentions ${flag}`);
    }
    assert.match(stdout, /docs\/server\.md/);
    for (const command of ['devices', 'device', 'exec']) {
      assert.equal((await scomo([command, '--help'])).code, 0, command);
    }
  });

  test('usage errors: one clear line on stderr, exit 1', async () => {
    const dir = tempDir();
    const badConfig = path.join(dir, 'bad.json');
    writeFileSync(badConfig, JSON.stringify({ prot: 8080 }));
    const cases: [string[], RegExp][] = [
      [['serve', '--registration', 'anyone'], /Allowed choices are open, preprovisioned/],
      [['serve', '--port', '70000'], /--port must be 0–65535/],
      [['serve', '--port', 'eighty'], /expected a number/],
      [['serve', '--tls-cert', 'c.pem', '--port', '0'], /--tls-cert and --tls-key go together/],
      [['serve', '--registration', 'shared-secret', '--port', '0'], /needs --shared-secret/],
      [['serve', '--config', badConfig], /unknown setting "prot"; known settings: port, host/],
      [['serve', '--config', path.join(dir, 'missing.json')], /cannot read the config file .*: no such file/],
      [
        ['serve', '--tls-cert', '/no/cert.pem', '--tls-key', '/no/key.pem', '--port', '0'],
        /cannot read the TLS certificate/,
      ],
      [['serve', '--public-url', 'ftp://x', '--port', '0'], /publicUrl must be http: or https:/],
      [['exec', 'IMEI:1', 'get', './A', 'data', '--data', dir], /get carries no data/],
      [
        ['exec', 'IMEI:1', 'fly', './A', '--data', dir],
        /Allowed choices are get, replace, add, delete, exec/,
      ],
      [['exec', 'IMEI:nobody', 'get', './A', '--data', dir], /No device IMEI:nobody/],
      [['device', 'IMEI:1', '--auth', 'md5', '--data', dir], /--auth md5 needs --password/],
      [['device', 'IMEI:1', '--notify', 'smtp://x', '--data', dir], /Cannot notify at "smtp:\/\/x"/],
      [['device', 'IMEI:nobody', '--data', dir], /no device IMEI:nobody in this store/],
    ];
    // A few at a time: fifteen CLI processes starting at once on a 2-core machine (beside the rest of
    // the suite) can outlast the per-process time limit.
    const runs: Awaited<ReturnType<typeof scomo>>[] = [];
    for (let i = 0; i < cases.length; i += 3) {
      runs.push(...(await Promise.all(cases.slice(i, i + 3).map(([args]) => scomo(args, { cwd: dir })))));
    }
    for (const [i, run] of runs.entries()) {
      const [args, expected] = cases[i] ?? [[], /./];
      assert.equal(run.code, 1, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, expected, args.join(' '));
      assert.ok(!run.stderr.includes('    at '), `no stack trace for ${args.join(' ')}`);
    }
  });

  test('embedded defaults: ./data with SQLite in it, endpoint printed, clean stop on SIGTERM', async () => {
    const dir = tempDir();
    const serve = await spawnServe(['--port', '0'], { cwd: dir });
    try {
      assert.match(serve.endpoint, /^http:\/\/127\.0\.0\.1:\d+\/dm$/);
      assert.ok(existsSync(path.join(dir, 'data', 'scomo.db')), 'data/scomo.db created');
      assert.match(serve.stdout(), /only provisioned devices are served/);
      const health = await fetch(serve.endpoint.replace('/dm', '/healthz'));
      assert.equal(health.status, 200);
    } finally {
      const { code, signal } = await serve.kill('SIGTERM');
      assert.equal(code, 0);
      assert.equal(signal, null);
    }
    assert.match(serve.stderr(), /"msg":"stopping"/);
    assert.match(serve.stderr(), /"msg":"stopped"/);
  });

  test('config file keys, flags win; open registration lets an agent in', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'conf', 'scomo.json');
    execFileSync('mkdir', ['-p', path.dirname(config)]);
    writeFileSync(
      config,
      JSON.stringify({ port: 1, data: 'state', registration: 'preprovisioned', logLevel: 'warn' }),
    );
    const serve = await spawnServe(['--config', config, '--port', '0', '--registration', 'open'], {
      cwd: dir,
    });
    try {
      // data is relative to the config file's folder.
      assert.ok(existsSync(path.join(dir, 'conf', 'state', 'scomo.db')));
      const run = await agentOnce(serve.endpoint, { devId: 'IMEI:walk-in', auth: 'none' });
      assert.equal(run.code, 0, JSON.stringify(run.session));
      const listed = await scomo(['devices', '--config', config]);
      assert.match(listed.stdout, /IMEI:walk-in\s+yes\s+none/);
    } finally {
      await serve.kill('SIGTERM');
    }
  });

  test('HTTPS with --tls-cert and --tls-key: the agent trusts the certificate with --ca', async (t) => {
    const dir = tempDir();
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    try {
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2'].concat([
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        ]),
        { stdio: 'ignore' },
      );
    } catch {
      t.skip('openssl is not available to make a test certificate');
      return;
    }
    const serve = await spawnServe(
      ['--port', '0', '--tls-cert', cert, '--tls-key', key, '--registration', 'open', '--log-level', 'warn'],
      { cwd: dir },
    );
    try {
      assert.match(serve.endpoint, /^https:\/\/127\.0\.0\.1:\d+\/dm$/);
      const run = await agentOnce(serve.endpoint, { devId: 'IMEI:tls', auth: 'md5', password: 'tls' }, [
        '--ca',
        cert,
      ]);
      assert.equal(run.code, 0, JSON.stringify(run.session));
      // Without trusting the certificate the agent cannot connect.
      const refused = await agentOnce(serve.endpoint, { devId: 'IMEI:tls', auth: 'md5', password: 'tls' });
      assert.equal(refused.code, 1);
    } finally {
      await serve.kill('SIGTERM');
    }
  });
});
