import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../errors/index.ts';
import { encodeMessage } from './codec.ts';
import type { Command, SyncHdr, SyncMLMessage } from './model.ts';
import { encodedSize, splitPackage } from './sizing.ts';

const header: SyncHdr = {
  verDTD: '1.2',
  verProto: 'DM/1.2',
  sessionID: '1F',
  msgID: '1',
  target: { locURI: 'IMEI:490154203237518' },
  source: { locURI: 'https://dm.example.com/dm' },
  meta: { maxMsgSize: 16384 },
};

function replace(cmdID: number, dataLength: number): Command {
  return {
    kind: 'Replace',
    cmdID: String(cmdID),
    items: [
      {
        target: { locURI: `./SCOMO/Download/p${cmdID}/Description` },
        meta: { format: 'chr' },
        data: 'x'.repeat(dataLength),
      },
    ],
  };
}

function* counter(from: number): Generator<string> {
  for (let id = from; ; id++) yield String(id);
}

for (const encoding of ['xml', 'wbxml'] as const) {
  describe(`splitPackage (${encoding})`, () => {
    const commands = Array.from({ length: 30 }, (_, i) => replace(i + 1, 40 + ((i * 37) % 200)));

    test('every message fits, order is kept, Final only on the last, MsgIDs from the sequence', () => {
      const maxMsgSize = 1200;
      const messages = splitPackage(header, commands, {
        maxMsgSize,
        encoding,
        final: true,
        msgIDs: counter(4),
      });
      assert.ok(messages.length > 1);
      for (const message of messages)
        assert.ok(
          encodedSize(message, encoding) <= maxMsgSize,
          `${encodedSize(message, encoding)} ≤ ${maxMsgSize}`,
        );
      assert.deepEqual(
        messages.flatMap((m) => m.body),
        commands,
      );
      assert.deepEqual(
        messages.map((m) => m.final),
        messages.map((_, i) => i === messages.length - 1),
      );
      assert.deepEqual(
        messages.map((m) => m.header.msgID),
        messages.map((_, i) => String(4 + i)),
      );
      assert.equal(messages[0]?.header.sessionID, '1F');
    });

    test('as few messages as fit: no message could have taken the next command', () => {
      const maxMsgSize = 1500;
      const messages = splitPackage(header, commands, {
        maxMsgSize,
        encoding,
        final: false,
        msgIDs: counter(1),
      });
      for (let i = 0; i + 1 < messages.length; i++) {
        const current = messages[i] as SyncMLMessage;
        const next = messages[i + 1] as SyncMLMessage;
        const grown = { ...current, body: [...current.body, next.body[0] as Command], final: true };
        assert.ok(encodedSize(grown, encoding) > maxMsgSize, `message ${i} could not take one more command`);
      }
      assert.equal(messages.at(-1)?.final, false, 'final: false leaves the package open');
    });

    test('sizes add up exactly: envelope + each command alone = the whole message', () => {
      // Item Meta last in a Get: the command ends on the MetInf page, the case where WBXML switches lazily.
      const get: Command = {
        kind: 'Get',
        cmdID: '50',
        items: [{ target: { locURI: './a' }, meta: { format: 'chr' } }],
      };
      const body = [get, replace(51, 20), get, get, replace(52, 5)];
      const empty = encodedSize({ header, body: [], final: true }, encoding);
      const sum = body.reduce(
        (total, command) => total + encodedSize({ header, body: [command], final: true }, encoding) - empty,
        empty,
      );
      assert.equal(encodedSize({ header, body, final: true }, encoding), sum);
    });

    test('a whole Atomic stays in one message', () => {
      const atomic: Command = {
        kind: 'Atomic',
        cmdID: '100',
        commands: [replace(101, 100), replace(102, 100), replace(103, 100)],
      };
      const body = [replace(1, 300), atomic, replace(2, 300)];
      const maxMsgSize = encodedSize({ header, body: [atomic], final: true }, encoding) + 10;
      const messages = splitPackage(header, body, { maxMsgSize, encoding, final: true, msgIDs: counter(1) });
      assert.ok(messages.some((m) => m.body.length === 1 && m.body[0] === atomic));
    });

    test('a command that cannot fit alone is SCOMO_SYNCML_COMMAND_TOO_LARGE', () => {
      assert.throws(
        () =>
          splitPackage(header, [replace(1, 10), replace(2, 5000)], {
            maxMsgSize: 2000,
            encoding,
            final: true,
            msgIDs: counter(1),
          }),
        (err) => isScomoError(err, 'SCOMO_SYNCML_COMMAND_TOO_LARGE') && /CmdID 2/.test(err.message),
      );
    });

    test('no commands: one message with the header and Final', () => {
      const messages = splitPackage(header, [], { maxMsgSize: 2000, encoding, final: true, msgIDs: ['9'] });
      assert.deepEqual(messages, [{ header: { ...header, msgID: '9' }, body: [], final: true }]);
    });
  });
}

describe('splitPackage: options', () => {
  test('a header larger than MaxMsgSize, a bad MaxMsgSize, and a short MsgID sequence are typed errors', () => {
    assert.throws(
      () => splitPackage(header, [], { maxMsgSize: 50, encoding: 'xml', final: true, msgIDs: ['1'] }),
      (err) => isScomoError(err, 'SCOMO_SYNCML_ENVELOPE_TOO_LARGE'),
    );
    for (const maxMsgSize of [0, -1, 1.5, Number.NaN]) {
      assert.throws(
        () => splitPackage(header, [], { maxMsgSize, encoding: 'xml', final: true, msgIDs: ['1'] }),
        (err) => isScomoError(err, 'SCOMO_SYNCML_BAD_OPTION'),
      );
    }
    const commands = Array.from({ length: 10 }, (_, i) => replace(i + 1, 300));
    assert.throws(
      () =>
        splitPackage(header, commands, {
          maxMsgSize: 1000,
          encoding: 'xml',
          final: true,
          msgIDs: ['1', '2'],
        }),
      (err) => isScomoError(err, 'SCOMO_SYNCML_MSGID_EXHAUSTED'),
    );
  });
});

describe('encodedSize', () => {
  test('is the length of the encoded bytes', () => {
    const message = { header, body: [replace(1, 10)], final: true };
    assert.equal(encodedSize(message, 'xml'), encodeMessage(message, 'xml').length);
    assert.equal(
      encodedSize(message, 'wbxml', { wbxmlVersion: 3 }),
      encodeMessage(message, 'wbxml', { wbxmlVersion: 3 }).length,
    );
    assert.ok(encodedSize(message, 'wbxml') < encodedSize(message, 'xml'));
  });
});
