import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const corpus = path.resolve(root, '../shared/corpus');
const main = path.join(root, 'src/cli/main.ts');

function scomo(args: string[], input?: Uint8Array | string) {
  return spawnSync(process.execPath, [main, ...args], { input, timeout: 20_000 });
}

test('scomo wbxml encode then decode gives back the canonical XML of every corpus message', () => {
  for (const name of readdirSync(corpus).filter((n) => n.endsWith('.xml'))) {
    const file = path.join(corpus, name);
    const encoded = scomo(['wbxml', 'encode', file]);
    assert.equal(encoded.status, 0, `${name}: ${encoded.stderr.toString()}`);
    assert.deepEqual(
      [...encoded.stdout.subarray(0, 4)],
      [0x02, 0xa4, 0x01, 0x6a],
      `${name}: WBXML 1.2 SyncML 1.2 header`,
    );
    const decoded = scomo(['wbxml', 'decode'], encoded.stdout);
    assert.equal(decoded.status, 0, decoded.stderr.toString());
    const again = scomo(['wbxml', 'encode'], decoded.stdout);
    assert.equal(again.status, 0, again.stderr.toString());
    assert.ok(again.stdout.equals(encoded.stdout), `${name}: decode → encode is stable`);
  }
});

test('scomo wbxml encode honours --wbxml-version and --string-table', () => {
  const file = path.join(corpus, '03-pkg3-inventory-results.xml');
  const v13 = scomo(['wbxml', 'encode', '--wbxml-version', '1.3', file]);
  assert.equal(v13.status, 0, v13.stderr.toString());
  assert.equal(v13.stdout[0], 0x03);
  const plain = scomo(['wbxml', 'encode', file]);
  const withTable = scomo(['wbxml', 'encode', '--string-table', file]);
  assert.equal(withTable.status, 0, withTable.stderr.toString());
  assert.ok(
    withTable.stdout.length < plain.stdout.length,
    'the string table makes a repetitive message smaller',
  );
  const back = scomo(['wbxml', 'decode'], withTable.stdout);
  const backPlain = scomo(['wbxml', 'decode'], plain.stdout);
  assert.equal(back.stdout.toString(), backPlain.stdout.toString());
});

test('scomo wbxml decode --pretty indents', () => {
  const encoded = scomo(['wbxml', 'encode', path.join(corpus, '01-pkg1-devinfo.xml')]);
  const pretty = scomo(['wbxml', 'decode', '--pretty'], encoded.stdout);
  assert.equal(pretty.status, 0);
  assert.match(pretty.stdout.toString(), /\n\s+<SyncHdr>/);
});

test('bad input exits 1 with one clear line on stderr and no stack trace', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'scomo-cli-'));
  const cases: Array<[string[], Uint8Array | string | undefined]> = [
    [['wbxml', 'decode'], Buffer.from([0x02, 0xa4, 0x01, 0x6a, 0x00, 0x6d, 0x6c])],
    [['wbxml', 'decode'], Buffer.from('not wbxml at all')],
    [['wbxml', 'encode'], '<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr>'],
    [['wbxml', 'encode'], '<!DOCTYPE x [<!ENTITY a "aaaa">]><SyncML/>'],
    [['wbxml', 'encode', path.join(dir, 'missing.xml')], undefined],
  ];
  for (const [args, input] of cases) {
    const run = scomo(args, input);
    const stderr = run.stderr.toString();
    assert.equal(run.status, 1, `${args.join(' ')}: exit code (stderr: ${stderr})`);
    assert.equal(stderr.trim().split('\n').length, 1, `one line: ${stderr}`);
    assert.match(stderr, /^scomo: /);
    assert.doesNotMatch(stderr, /\n\s+at /);
  }
});

test('an unknown --wbxml-version is refused with a usage error', () => {
  const run = scomo(['wbxml', 'encode', '--wbxml-version', '2.0'], '<SyncML xmlns="SYNCML:SYNCML1.2"/>');
  assert.notEqual(run.status, 0);
  assert.match(run.stderr.toString(), /1\.1, 1\.2 or 1\.3/);
});

test('scomo with no arguments prints the help', () => {
  const run = scomo([]);
  assert.equal(run.status, 0);
  assert.match(run.stdout.toString(), /Usage: scomo/);
  assert.match(run.stdout.toString(), /wbxml/);
});
