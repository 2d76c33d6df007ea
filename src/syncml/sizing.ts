import type { WbxmlVersion } from '../wbxml/index.ts';
import { encodeMessage } from './codec.ts';
import { syncmlError } from './errors.ts';
import type { Command, SyncHdr, SyncMLMessage } from './model.ts';
import type { MessageEncoding } from './vocabulary/content-types.ts';

export interface SizingOptions {
  wbxmlVersion?: WbxmlVersion;
  stringTable?: boolean;
}

/** Bytes the message takes on the wire in `encoding` (what MaxMsgSize limits, reference §2.9). */
export function encodedSize(
  message: SyncMLMessage,
  encoding: MessageEncoding,
  options: SizingOptions = {},
): number {
  return encodeMessage(message, encoding, options).length;
}

export interface SplitPackageOptions extends SizingOptions {
  /** The peer's MaxMsgSize: no message may be larger. */
  maxMsgSize: number;
  encoding: MessageEncoding;
  /** Whether this is the end of the package: Final goes on the last message only. */
  final: boolean;
  /** MsgIDs for the messages, in order (the sender's counter, reference §2.4). */
  msgIDs: Iterable<string>;
}

/**
 * Packs `commands` into as few messages as fit `maxMsgSize`, in order. A command — a whole Atomic or
 * Sequence included — is never split (DM 1.2 §2.5, reference §2.5); one that cannot fit even alone is
 * a `SCOMO_SYNCML_COMMAND_TOO_LARGE` error, for the session layer to send as a large object instead.
 * Final is set on the last message only, and only when `final`.
 *
 * Each command is encoded once to learn its size; messages are then filled by adding sizes to the
 * envelope (header + SyncBody + Final), and each finished message is encoded once to confirm.
 */
export function splitPackage(
  header: SyncHdr,
  commands: readonly Command[],
  options: SplitPackageOptions,
): SyncMLMessage[] {
  const { maxMsgSize, encoding } = options;
  if (!Number.isSafeInteger(maxMsgSize) || maxMsgSize <= 0) {
    throw syncmlError(
      'SCOMO_SYNCML_BAD_OPTION',
      `maxMsgSize must be a positive integer, got ${String(maxMsgSize)}`,
    );
  }
  const sizing: SizingOptions = {};
  if (options.wbxmlVersion !== undefined) sizing.wbxmlVersion = options.wbxmlVersion;
  if (options.stringTable !== undefined) sizing.stringTable = options.stringTable;
  const size = (message: SyncMLMessage): number => encodedSize(message, encoding, sizing);
  // A command's size is what it adds to a message that ends with Final. In WBXML that includes the
  // SWITCH_PAGE back to page 0 when the command ends inside a Meta (the encoder switches lazily), which
  // is exactly what the next command or Final needs: sizes add up without slack when the string table
  // is off; with it on, the confirming encode below catches what the sum misses.
  const probe: SyncMLMessage = { header, body: [], final: true };
  const probeSize = size(probe);
  const commandSizes = commands.map((command) => size({ ...probe, body: [command] }) - probeSize);

  const ids = options.msgIDs[Symbol.iterator]();
  const nextHeader = (): SyncHdr => {
    const next = ids.next();
    if (next.done === true) {
      throw syncmlError(
        'SCOMO_SYNCML_MSGID_EXHAUSTED',
        'the MsgID sequence ended before the package was split',
      );
    }
    return { ...header, msgID: next.value };
  };

  const messages: SyncMLMessage[] = [];
  let index = 0;
  do {
    const messageHeader = nextHeader();
    // Final counted for every message: an upper bound that keeps the estimate one-pass.
    const envelope = size({ header: messageHeader, body: [], final: true });
    if (envelope > maxMsgSize) {
      throw syncmlError(
        'SCOMO_SYNCML_ENVELOPE_TOO_LARGE',
        `the header alone takes ${envelope} bytes, more than MaxMsgSize ${maxMsgSize}`,
      );
    }
    const start = index;
    let used = envelope;
    while (index < commands.length && used + (commandSizes[index] as number) <= maxMsgSize) {
      used += commandSizes[index] as number;
      index++;
    }
    if (index === start && index < commands.length)
      throw tooLarge(commands[index] as Command, envelope, commandSizes[index] as number, maxMsgSize);
    let message: SyncMLMessage = { header: messageHeader, body: commands.slice(start, index), final: false };
    // Confirm with the real encoding; give back commands in the rare case the estimate was short.
    while (size({ ...message, final: true }) > maxMsgSize && message.body.length > 1) {
      index--;
      message = { ...message, body: commands.slice(start, index) };
    }
    if (size({ ...message, final: true }) > maxMsgSize)
      throw tooLarge(commands[start] as Command, envelope, commandSizes[start] as number, maxMsgSize);
    messages.push(message);
  } while (index < commands.length);

  const last = messages[messages.length - 1] as SyncMLMessage;
  last.final = options.final;
  return messages;
}

function tooLarge(command: Command, envelope: number, size: number, maxMsgSize: number) {
  return syncmlError(
    'SCOMO_SYNCML_COMMAND_TOO_LARGE',
    `${command.kind} (CmdID ${command.cmdID}) needs about ${size} bytes and the header ${envelope}, more than MaxMsgSize ${maxMsgSize}; send its data as a large object (DM 1.2 §6.1.9)`,
  );
}
