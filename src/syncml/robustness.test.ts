/**
 * Bad input never crashes, hangs or throws anything but a ScomoError: truncated, bit-flipped and
 * length-corrupted corpus messages, random bytes, and hostile XML (entity bombs, DOCTYPE subsets).
 * Randomness is seeded so that a failure reproduces.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isScomoError } from '../errors/index.ts';
import { decodeMessage } from './codec.ts';
import { wbxmlToXml, xmlToWbxml } from './convert.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const WBXML_DIR = path.join(ROOT, 'test/fixtures/messages/corpus');
const XML = 'application/vnd.syncml.dm+xml';
const WBXML = 'application/vnd.syncml.dm+wbxml';

const names = readdirSync(CORPUS)
  .filter((name) => name.endsWith('.xml'))
  .sort()
  .map((name) => name.slice(0, -4));
const xmlInputs = names.map((name) => new Uint8Array(readFileSync(path.join(CORPUS, `${name}.xml`))));
const wbxmlInputs = names.map((name) => new Uint8Array(readFileSync(path.join(WBXML_DIR, `${name}.wbxml`))));

/** xorshift32: deterministic bytes for reproducible fuzzing. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

/** Decodes and reports 'ok' or the ScomoError code; anything else fails the test. */
function outcome(bytes: Uint8Array, contentType: string, label: string): string {
  try {
    decodeMessage(bytes, contentType);
    return 'ok';
  } catch (err) {
    assert.ok(
      isScomoError(err),
      `${label}: expected a ScomoError, got ${err instanceof Error ? err.stack : String(err)}`,
    );
    return err.code;
  }
}

/** Offsets to cut at: every byte of small inputs, an even spread of large ones. */
function cuts(length: number): number[] {
  const step = Math.max(1, Math.floor(length / 400));
  const out: number[] = [];
  for (let i = 0; i < length; i += step) out.push(i);
  return out;
}

describe('mutated corpus messages', () => {
  test('every truncation of the XML is a ScomoError', () => {
    for (const [i, bytes] of xmlInputs.entries()) {
      for (const cut of cuts(bytes.length)) {
        assert.notEqual(
          outcome(bytes.subarray(0, cut), XML, `${names[i]} XML cut at ${cut}`),
          'ok',
          `${names[i]} cut at ${cut}`,
        );
      }
    }
  });

  test('every truncation of the WBXML is a ScomoError', () => {
    for (const [i, bytes] of wbxmlInputs.entries()) {
      for (const cut of cuts(bytes.length)) {
        assert.notEqual(
          outcome(bytes.subarray(0, cut), WBXML, `${names[i]} WBXML cut at ${cut}`),
          'ok',
          `${names[i]} cut at ${cut}`,
        );
      }
    }
  });

  test('flipped bytes decode or give a ScomoError (XML and WBXML)', () => {
    const next = random(0x5eed);
    for (const [i, original] of [...xmlInputs, ...wbxmlInputs].entries()) {
      const type = i < xmlInputs.length ? XML : WBXML;
      for (let round = 0; round < 150; round++) {
        const bytes = original.slice();
        const flips = 1 + (next() % 4);
        for (let f = 0; f < flips; f++) {
          const at = next() % bytes.length;
          bytes[at] = (bytes[at] as number) ^ (1 << (next() % 8));
        }
        outcome(bytes, type, `input ${i} round ${round}`);
      }
    }
  });

  test('bogus OPAQUE and string-table lengths are ScomoErrors', () => {
    const bogus = [
      [0x8f, 0xff, 0xff, 0xff, 0x7f],
      [0x81, 0x80, 0x80, 0x00],
      [0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    ];
    for (const [i, original] of wbxmlInputs.entries()) {
      const opaque = original.indexOf(0xc3, 5);
      for (const length of bogus) {
        const table = new Uint8Array([...original.subarray(0, 4), ...length, ...original.subarray(5)]);
        assert.notEqual(outcome(table, WBXML, `${names[i]} string table`), 'ok');
        if (opaque > 0) {
          const patched = new Uint8Array([
            ...original.subarray(0, opaque + 1),
            ...length,
            ...original.subarray(opaque + 2),
          ]);
          assert.notEqual(outcome(patched, WBXML, `${names[i]} opaque`), 'ok');
        }
      }
    }
  });
});

describe('random bytes', () => {
  test('random buffers, bare and behind a valid WBXML or XML start, give ScomoErrors', () => {
    const next = random(20241122);
    const prefixes = [
      new Uint8Array(0),
      new Uint8Array([0x02, 0xa4, 0x01, 0x6a, 0x00, 0x6d]),
      new TextEncoder().encode('<SyncML xmlns="SYNCML:SYNCML1.2">'),
    ];
    for (let round = 0; round < 600; round++) {
      const prefix = prefixes[round % prefixes.length] as Uint8Array;
      const body = Uint8Array.from({ length: next() % 256 }, () => next() & 0xff);
      const bytes = new Uint8Array([...prefix, ...body]);
      outcome(bytes, round % 2 === 0 ? XML : WBXML, `round ${round}`);
      for (const convert of [() => wbxmlToXml(bytes), () => xmlToWbxml(bytes)]) {
        try {
          convert();
        } catch (err) {
          assert.ok(isScomoError(err), `round ${round}: ${String(err)}`);
        }
      }
    }
  });
});

describe('hostile XML', () => {
  const encoder = new TextEncoder();
  test('billion laughs through decodeMessage is SCOMO_XML_DOCTYPE', () => {
    const entities = Array.from(
      { length: 10 },
      (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`,
    ).join('');
    const bomb = `<?xml version="1.0"?><!DOCTYPE SyncML [<!ENTITY l0 "lol">${entities}]><SyncML>&l10;</SyncML>`;
    assert.equal(outcome(encoder.encode(bomb), XML, 'bomb'), 'SCOMO_XML_DOCTYPE');
  });

  test('external entities and parameter entities are refused too', () => {
    const xxe = '<!DOCTYPE SyncML [<!ENTITY x SYSTEM "file:///etc/passwd">]><SyncML>&x;</SyncML>';
    assert.equal(outcome(encoder.encode(xxe), XML, 'xxe'), 'SCOMO_XML_DOCTYPE');
    const pe = '<!DOCTYPE SyncML [<!ENTITY % p "x"> %p;]><SyncML/>';
    assert.equal(outcome(encoder.encode(pe), XML, 'pe'), 'SCOMO_XML_DOCTYPE');
  });

  test('deep nesting is refused, not a stack overflow', () => {
    const deep = '<SyncML>' + '<a>'.repeat(100_000) + '</a>'.repeat(100_000) + '</SyncML>';
    assert.equal(outcome(encoder.encode(deep), XML, 'deep'), 'SCOMO_XML_MALFORMED');
  });
});
