import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeWbxml } from './decoder.ts';
import type { DecodedWbxml } from './decoder.ts';
import { encodeWbxml } from './encoder.ts';
import { ScomoError } from './errors.ts';
import { SYNCML_12 } from './languages.ts';
import { bytes, cdata, doc, el, expectWbxmlError, metinf, prng, toHex } from './test-support.ts';

/**
 * Bad input must end in a ScomoError with a SCOMO_WBXML_ code and an offset inside the input, never in
 * another exception, a crash or a hang. When it decodes, re-encoding must reach a fixpoint.
 */
function decodeOrFail(input: Uint8Array): DecodedWbxml | ScomoError {
  try {
    const decoded = decodeWbxml(input);
    const language = decoded.language ?? SYNCML_12;
    const once = encodeWbxml(decoded, { language });
    const twice = encodeWbxml(decodeWbxml(once), { language });
    assert.equal(toHex(twice), toHex(once), `re-encoding ${toHex(input)} is not stable`);
    return decoded;
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    assert.ok(err instanceof ScomoError, `${toHex(input)} threw ${String(err)}`);
    assert.match(err.code, /^SCOMO_WBXML_/);
    assert.ok(
      err.offset !== undefined && err.offset >= 0 && err.offset <= input.length,
      `offset ${err.offset} of ${err.code} for ${toHex(input)}`,
    );
    return err;
  }
}

const sample = el('SyncML', [
  el('SyncHdr', [
    el('VerDTD', ['1.2']),
    el('SessionID', ['1F']),
    el('Cred', [
      el('Meta', [metinf('Format', ['b64']), metinf('Type', ['syncml:auth-md5'])]),
      el('Data', ['Zz6E']),
    ]),
  ]),
  el('SyncBody', [
    el('Replace', [
      el('CmdID', ['2']),
      el('Item', [el('Target', [el('LocURI', ['./a/b'])]), el('Data', ['é✓'])]),
    ]),
    el('Alert', [el('Data', ['1226']), el('Item', [el('Data', [cdata('<x/>')])])]),
    el('Vendor', ['v'], 0, [['k', 'value']]),
    el('Final'),
  ]),
]);
const valid = [
  encodeWbxml(doc(sample), { language: SYNCML_12 }),
  encodeWbxml(doc(sample), { language: SYNCML_12, stringTable: true }),
];

describe('robustness (seeded fuzzing)', () => {
  test('every strict prefix of a valid document fails cleanly', () => {
    for (const input of valid) {
      assert.ok(!(decodeOrFail(input) instanceof ScomoError));
      for (let length = 0; length < input.length; length++) {
        const result = decodeOrFail(input.subarray(0, length));
        assert.ok(result instanceof ScomoError, `prefix of ${length} bytes decoded`);
      }
    }
  });

  test('3000 random byte strings', () => {
    const random = prng(1);
    for (let i = 0; i < 3000; i++) {
      const input = Uint8Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256));
      decodeOrFail(input);
    }
  });

  test('3000 random bodies behind a valid header, drawn from the tokens that matter', () => {
    const random = prng(2);
    const tokens = [
      0x00, 0x01, 0x02, 0x03, 0x04, 0x43, 0x44, 0x83, 0x84, 0xc3, 0xc4, 0x45, 0x4f, 0x6d, 0x12, 0x0f,
    ];
    const header = [0x02, 0xa4, 0x01, 0x6a, 0x04, 0x61, 0x62, 0x00, 0x00];
    let decodedCount = 0;
    for (let i = 0; i < 3000; i++) {
      const body = Array.from({ length: 1 + Math.floor(random() * 24) }, () =>
        random() < 0.6
          ? (tokens[Math.floor(random() * tokens.length)] as number)
          : Math.floor(random() * 256),
      );
      if (!(decodeOrFail(bytes(...header, ...body)) instanceof ScomoError)) decodedCount++;
    }
    assert.ok(decodedCount > 0, 'some random bodies should decode');
  });

  test('3000 mutations of valid documents (flipped, inserted and deleted bytes)', () => {
    const random = prng(3);
    for (let i = 0; i < 3000; i++) {
      const source = valid[i % valid.length] as Uint8Array;
      const mutated = Array.from(source);
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * mutated.length);
        const roll = random();
        if (roll < 0.6) mutated[at] = Math.floor(random() * 256);
        else if (roll < 0.8) mutated.splice(at, 0, Math.floor(random() * 256));
        else mutated.splice(at, 1);
      }
      decodeOrFail(Uint8Array.from(mutated));
    }
  });

  test('bogus huge lengths fail fast as truncation', () => {
    const header = [0x02, 0xa4, 0x01, 0x6a, 0x00];
    const huge = [0x8f, 0xff, 0xff, 0xff, 0x7f];
    // OPAQUE of 2^32-1 bytes, string table of 2^32-1 bytes, STR_T and LITERAL far outside the table.
    expectWbxmlError(
      () => decodeWbxml(bytes(...header, 0x4f, 0xc3, ...huge, 0x01)),
      'SCOMO_WBXML_TRUNCATED',
      6,
    );
    expectWbxmlError(
      () => decodeWbxml(bytes(0x02, 0xa4, 0x01, 0x6a, ...huge, 0x12)),
      'SCOMO_WBXML_TRUNCATED',
      4,
    );
    expectWbxmlError(
      () => decodeWbxml(bytes(...header, 0x4f, 0x83, ...huge, 0x01)),
      'SCOMO_WBXML_BAD_STRTBL_REF',
      6,
    );
    expectWbxmlError(() => decodeWbxml(bytes(...header, 0x04, ...huge)), 'SCOMO_WBXML_BAD_STRTBL_REF', 6);
    expectWbxmlError(
      () => decodeWbxml(bytes(...header, 0x4f, 0x02, ...huge, 0x01)),
      'SCOMO_WBXML_BAD_ENTITY',
      6,
    );
    expectWbxmlError(
      () => decodeWbxml(bytes(...header, 0x4f, 0xc3, 0x90, 0x80, 0x80, 0x80, 0x00)),
      'SCOMO_WBXML_BAD_MBUINT32',
      7,
    );
  });

  test('100 000 nested open tags stop at maxDepth, not at the call stack', () => {
    const input = new Uint8Array(5 + 100_000).fill(0x45);
    input.set([0x02, 0xa4, 0x01, 0x6a, 0x00]);
    expectWbxmlError(() => decodeWbxml(input), 'SCOMO_WBXML_TOO_DEEP', 5 + 64);
    expectWbxmlError(
      () => decodeWbxml(input, { maxDepth: 1_000_000 }),
      'SCOMO_WBXML_TRUNCATED',
      input.length,
    );
  });
});
