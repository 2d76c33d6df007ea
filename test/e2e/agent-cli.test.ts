/**
 * The `scomo agent` command line itself: help, usage errors, the JSON config file (same keys as the
 * flags; flags win; relative paths resolved against the file).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TREE_FILE } from '../../src/agent/index.ts';
import { reply, runAgent, sessionLines, startScriptedDmServer } from '../support/scripted-dm-server.ts';

const main = path.resolve(import.meta.dirname, '../../src/cli/main.ts');

/** Runs `scomo …args` to its end (several may run at once: each test spawns its cases in parallel). */
function scomo(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [main, ...args],
      { timeout: 20_000, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const done = {
  name: 'package #1 → 212',
  respond: (request: Parameters<typeof reply>[0], ctx: Parameters<typeof reply>[1]) => ({
    kind: 'message' as const,
    message: reply(request, ctx, { headerStatus: '212' }),
  }),
};

describe('scomo agent command line', () => {
  test('--help names every flag and the config file', async () => {
    const { code, stdout } = await scomo(['agent', '--help']);
    assert.equal(code, 0);
    for (const flag of [
      '--server',
      '--device-id',
      '--state',
      '--username',
      '--password',
      '--server-id',
      '--server-password',
      '--auth',
      '--encoding',
      '--once',
      '--listen',
      '--udp-port',
      '--poll',
      '--ca',
      '--config',
      '--log-level',
    ]) {
      assert.ok(stdout.includes(flag), `help mentions ${flag}`);
    }
    assert.match(stdout, /docs\/agent\.md/);
  });

  test('usage errors: one clear line on stderr, exit 1', async () => {
    const base = ['agent', '--server', 'http://x/dm', '--device-id', 'IMEI:1'];
    const cases: Array<[string[], RegExp]> = [
      [['agent', '--device-id', 'IMEI:1', '--once'], /needs --server/],
      [base, /nothing to do: give --once, --poll, --listen or --udp-port/],
      [
        ['agent', '--server', 'ftp://x', '--device-id', 'IMEI:1', '--once'],
        /Option server: expected an http:\/\/ or https:\/\/ URL/,
      ],
      [[...base, '--auth', 'kerberos'], /Allowed choices are none, basic, md5, hmac/],
      [[...base, '--auth', 'md5', '--once'], /Option password/],
      [[...base, '--poll', 'often'], /expected a number/],
      [[...base, '--once', '--ca', '/no/such/ca.pem'], /cannot read the CA file/],
    ];
    const runs = await Promise.all(cases.map(([args]) => scomo(args)));
    for (const [index, run] of runs.entries()) {
      const [args, message] = cases[index] ?? [[], /./];
      assert.equal(run.code, 1, args.join(' '));
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  test('a config file gives the settings, flags win, relative paths follow the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scomo-agent-config-'));
    const config = path.join(dir, 'agent.json');
    writeFileSync(
      config,
      JSON.stringify({
        server: 'http://127.0.0.1:9/unreachable',
        deviceId: 'IMEI:31',
        state: 'state',
        serverId: 'configured',
        once: true,
        retries: 0,
        timeout: 5,
        logLevel: 'info',
        device: { manufacturer: 'Config Co', model: 'C-1' },
      }),
    );
    const server = await startScriptedDmServer([
      {
        ...done,
        respond: (request, ctx) => {
          const replace = request.message?.body.find((c) => c.kind === 'Replace');
          const man =
            replace?.kind === 'Replace'
              ? replace.items.find((i) => i.source?.locURI === './DevInfo/Man')
              : undefined;
          assert.equal(man?.data, 'Config Co', 'device values from the config file');
          return done.respond(request, ctx);
        },
      },
    ]);
    try {
      const run = await runAgent(['--config', config, '--server', `${server.url}/dm`]);
      assert.deepEqual(
        server.failures.map((f) => f.message),
        [],
      );
      assert.equal(run.code, 0, JSON.stringify(sessionLines(run.logs)));
      assert.equal(sessionLines(run.logs)[0]?.['serverId'], 'configured');
    } finally {
      await server.close();
    }
    assert.ok(
      existsSync(path.join(dir, 'state', TREE_FILE)),
      'state resolved against the config file folder',
    );
  });

  test('a bad config file is refused with the key named', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scomo-agent-config-'));
    const cases: Array<[string, RegExp]> = [
      ['{"server": "http://x/dm", "deviceId": "IMEI:1", "colour": "blue"}', /unknown key "colour"/],
      ['{"server": "http://x/dm", "deviceId": "IMEI:1", "poll": "often"}', /"poll" must be a number/],
      [
        '{"server": "http://x/dm", "deviceId": "IMEI:1", "auth": "kerberos"}',
        /"auth" must be one of none, basic, md5, hmac/,
      ],
      ['{"device": {"colour": "blue"}}', /unknown device key "colour"/],
      ['[1, 2]', /expected a JSON object/],
      ['{not json', /not JSON/],
    ];
    const runs = await Promise.all(
      cases.map(([content], index) => {
        const file = path.join(dir, `bad-${index}.json`);
        writeFileSync(file, content);
        return scomo(['agent', '--config', file, '--once']);
      }),
    );
    for (const [index, run] of runs.entries()) {
      const [content, message] = cases[index] ?? ['', /./];
      assert.equal(run.code, 1, content);
      assert.match(run.stderr, message);
      assert.match(run.stderr, /SCOMO_AGENT_CONFIG/);
    }
    const missing = await scomo(['agent', '--config', path.join(dir, 'nope.json')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no such file/);
  });
});
