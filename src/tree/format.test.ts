import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkValue, valueSize } from './format.ts';
import { base64Decode, base64Encode, utf8Length } from './bytes.ts';

describe('value validation per format (400 malformed, 415 unknown format)', () => {
  const cases: [string, string, boolean][] = [
    ['int', '0', true],
    ['int', '-2147483648', true],
    ['int', '2147483647', true],
    ['int', '2147483648', false],
    ['int', '-2147483649', false],
    ['int', '+7', true],
    ['int', '12a', false],
    ['int', '1.5', false],
    ['int', '', false],
    ['bool', 'true', true],
    ['bool', 'false', true],
    ['bool', 'TRUE', false],
    ['bool', '1', false],
    ['chr', 'anything at all ✓', true],
    ['chr', '', true],
    ['xml', '<a>b</a>', true],
    ['null', '', true],
    ['null', 'x', false],
    ['b64', 'QnJ1Y2Uy', true],
    ['b64', 'QnJ1Y2U=', true],
    ['b64', 'QnJ1\nY2Uy', true],
    ['b64', 'QnJ1Y2U', false],
    ['b64', 'Qn=1Y2Uy', false],
    ['b64', '!!!!', false],
    ['float', '1.5', true],
    ['float', '-2.3E10', true],
    ['float', '.5', true],
    ['float', 'INF', true],
    ['float', 'NaN', true],
    ['float', '1.5.2', false],
    ['float', 'e5', false],
    ['date', '2001-07-11', true],
    ['date', '20010711', true],
    ['date', '2024-02-29', true],
    ['date', '2023-02-29', false],
    ['date', '2001-13-01', false],
    ['date', '2001-7-11', false],
    ['time', '16:38:17', true],
    ['time', '163817', true],
    ['time', '16:38:17Z', true],
    ['time', '16:38:17.25+02:00', true],
    ['time', '24:00:00', false],
    ['time', '16:60:00', false],
    ['time', '16:38', false],
  ];
  for (const [format, value, ok] of cases) {
    test(`${format} ${JSON.stringify(value)} → ${ok ? 'accepted' : '400'}`, () => {
      const r = checkValue(format, value);
      if (ok) assert.equal(r.ok, true);
      else assert.deepEqual(r, { ok: false, status: 400 });
    });
  }

  test('unknown format → 415', () => {
    assert.deepEqual(checkValue('double', '1'), { ok: false, status: 415 });
    assert.deepEqual(checkValue('NODE', ''), { ok: false, status: 415 });
  });

  test('bin stores bytes (copied); text given to bin becomes its UTF-8 bytes', () => {
    const input = new Uint8Array([1, 2, 3]);
    const r = checkValue('bin', input);
    assert.ok(r.ok);
    assert.deepEqual(r.value, new Uint8Array([1, 2, 3]));
    input[0] = 9;
    assert.deepEqual(
      r.value,
      new Uint8Array([1, 2, 3]),
      'the stored value does not alias the caller’s array',
    );
    const t = checkValue('bin', 'hé');
    assert.ok(t.ok);
    assert.deepEqual(t.value, new Uint8Array([0x68, 0xc3, 0xa9]));
  });

  test('text formats read bytes as UTF-8; invalid UTF-8 → 400', () => {
    const r = checkValue('int', new TextEncoder().encode('42'));
    assert.deepEqual(r, { ok: true, value: '42' });
    assert.deepEqual(checkValue('chr', new Uint8Array([0xff, 0xfe])), { ok: false, status: 400 });
  });

  test('b64 is stored without whitespace', () => {
    assert.deepEqual(checkValue('b64', 'QnJ1\r\nY2Uy'), { ok: true, value: 'QnJ1Y2Uy' });
  });

  test('node and null store the empty string', () => {
    assert.deepEqual(checkValue('node', 'ignored'), { ok: true, value: '' });
    assert.deepEqual(checkValue('null', undefined), { ok: true, value: '' });
  });
});

describe('sizes and base64', () => {
  test('Size counts raw bytes: UTF-8 for text, decoded length for b64', () => {
    assert.equal(valueSize('chr', 'héllo'), 6);
    assert.equal(valueSize('b64', 'QnJ1Y2Uy'), 6);
    assert.equal(valueSize('b64', 'QnJ1Y2U='), 5);
    assert.equal(valueSize('b64', 'QnJ1Yw=='), 4);
    assert.equal(valueSize('bin', new Uint8Array(7)), 7);
  });

  test('utf8Length matches TextEncoder, including surrogate pairs', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'a😀b€', '\ud800x']) {
      assert.equal(utf8Length(s), new TextEncoder().encode(s).length, JSON.stringify(s));
    }
  });

  test('base64 round trip for every length 0..40 against the RFC 4648 test vectors', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, b64] of vectors) {
      assert.equal(base64Encode(new TextEncoder().encode(plain)), b64);
      assert.equal(new TextDecoder().decode(base64Decode(b64)), plain);
    }
    for (let n = 0; n <= 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      assert.deepEqual(base64Decode(base64Encode(bytes)), bytes);
    }
    assert.equal(base64Decode('Zg='), undefined);
    assert.equal(base64Decode('Z==='), undefined);
    assert.equal(base64Decode('Zg==Zg=='), undefined);
  });
});
