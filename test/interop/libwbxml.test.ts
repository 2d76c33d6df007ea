/**
 * Interop with libwbxml's command-line tools (Debian package libwbxml2-utils; CI installs it):
 * `xml2wbxml -n -v 1.2` must produce exactly our WBXML bytes, and `wbxml2xml -m 0` must read our
 * WBXML (plain, with a string table, WBXML 1.3) back to the message we encoded.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONTENT_TYPES, decodeMessage, encodeMessage, xmlToWbxml } from '../../src/syncml/index.ts';
import type { Command, EncodeMessageOptions, Item, SyncMLMessage } from '../../src/syncml/index.ts';
import { decodeWbxml, DMDDF_12 } from '../../src/wbxml/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const FIXTURES = path.join(ROOT, 'test/fixtures/messages');
const XML = 'application/vnd.syncml.dm+xml';
const WBXML = 'application/vnd.syncml.dm+wbxml';

/** Canonical XML inputs: the fixtures, the corpus messages already in canonical order, corpus 04 canonical. */
function inputs(): Array<{ name: string; file: string }> {
  const fixtures = readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.xml'))
    .map((name) => ({ name, file: path.join(FIXTURES, name) }));
  const corpus = readdirSync(CORPUS)
    .filter((name) => name.endsWith('.xml') && !name.startsWith('04-'))
    .map((name) => ({ name, file: path.join(CORPUS, name) }));
  const canonical = {
    name: '04 (canonical order)',
    file: path.join(FIXTURES, 'corpus/04-pkg1-generic-alert.canonical.xml'),
  };
  return [...fixtures, ...corpus, canonical].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Fixtures where the model codec deliberately differs from libwbxml. libwbxml rewrites every Meta Type
 * `application/vnd.syncml.dmtnds+xml` to `+wbxml`, even when the Data stays XML text (STR_I); the model
 * codec keeps the Type true to the Data it carries, and rewrites only when it nests a WBXML document.
 * The generic conversion (`xmlToWbxml`, `scomo wbxml encode`) still matches libwbxml byte for byte.
 */
const MODEL_KEEPS_TNDS_TYPE = new Set(['data-encoding-rules.xml']);

let work = '';

function run(tool: string, args: string[]): void {
  const result = spawnSync(tool, args, { encoding: 'utf8', timeout: 30_000 });
  if (result.error !== undefined && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    assert.fail(
      `${tool} is not installed: the interop tests need libwbxml's tools (apt-get install libwbxml2-utils)`,
    );
  }
  assert.equal(result.status, 0, `${tool} ${args.join(' ')} failed: ${result.stderr}${result.stdout}`);
}

function xml2wbxml(xmlFile: string): Buffer {
  const out = path.join(work, `${path.basename(xmlFile)}.wbxml`);
  run('xml2wbxml', ['-n', '-v', '1.2', '-o', out, xmlFile]);
  return readFileSync(out);
}

function wbxml2xml(bytes: Uint8Array, label: string): Buffer {
  const input = path.join(work, `${label}.in.wbxml`);
  const out = path.join(work, `${label}.out.xml`);
  writeFileSync(input, bytes);
  run('wbxml2xml', ['-m', '0', '-o', out, input]);
  return readFileSync(out);
}

/**
 * Our WBXML decoder hands a nested TNDS document up as bytes (Type +wbxml); wbxml2xml expands it inline
 * and says +xml. Expanding ours the same way makes the two comparable.
 */
function expandNestedTnds(message: SyncMLMessage): SyncMLMessage {
  const expand = (items: Item[]): Item[] =>
    items.map((item) =>
      item.data instanceof Uint8Array && item.meta?.type === CONTENT_TYPES.TNDS_WBXML
        ? {
            ...item,
            meta: { ...item.meta, type: CONTENT_TYPES.TNDS_XML },
            data: { kind: 'markup', element: decodeWbxml(item.data, { languages: [DMDDF_12] }).root },
          }
        : item,
    );
  const command = (c: Command): Command =>
    c.kind === 'Atomic' || c.kind === 'Sequence'
      ? { ...c, commands: c.commands.map(command) }
      : { ...c, items: expand(c.items) };
  return { ...message, body: message.body.map(command) };
}

/** The cdata flag records a representation (wbxml2xml writes every OPAQUE as CDATA), not content. */
function content(message: SyncMLMessage): unknown {
  return JSON.parse(JSON.stringify(message, (key, value: unknown) => (key === 'cdata' ? undefined : value)));
}

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'scomo-libwbxml-'));
  process.on('exit', () => rmSync(work, { recursive: true, force: true }));
});

describe('libwbxml interop', () => {
  test('the tools are installed', () => {
    run('xml2wbxml', ['-h']);
  });

  for (const { name, file } of inputs()) {
    describe(name, () => {
      test('xml2wbxml -n -v 1.2 gives our bytes (model codec and generic conversion)', () => {
        const theirs = xml2wbxml(file);
        const { message } = decodeMessage(readFileSync(file), XML);
        const ours = Buffer.from(encodeMessage(message, 'wbxml')).toString('latin1');
        const expected = MODEL_KEEPS_TNDS_TYPE.has(name)
          ? theirs.toString('latin1').replaceAll('dmtnds+wbxml', 'dmtnds+xml')
          : theirs.toString('latin1');
        assert.equal(
          Buffer.from(ours, 'latin1').toString('hex'),
          Buffer.from(expected, 'latin1').toString('hex'),
        );
        assert.equal(Buffer.from(xmlToWbxml(readFileSync(file))).toString('hex'), theirs.toString('hex'));
      });

      const variants: Array<[string, EncodeMessageOptions]> = [
        ['plain', {}],
        ['string table', { stringTable: true }],
        ['WBXML 1.3', { wbxmlVersion: 3 }],
      ];
      for (const [variant, options] of variants) {
        test(`wbxml2xml -m 0 reads our WBXML (${variant}) back to the same message`, () => {
          const { message } = decodeMessage(readFileSync(file), XML);
          const ours = encodeMessage(message, 'wbxml', options);
          const label = `${name}-${variant}`.replace(/[^\w.-]+/g, '_');
          const back = decodeMessage(wbxml2xml(ours, label), XML);
          assert.deepEqual(content(back.message), content(message));
          // And our WBXML decoder reads the same bytes as the tool does.
          assert.deepEqual(
            content(expandNestedTnds(decodeMessage(ours, WBXML).message)),
            content(back.message),
          );
        });
      }
    });
  }
});
