/**
 * Add and Replace of one Item, including large objects arriving in chunks (DM 1.2 Protocol §6.1.9,
 * reference §2.8): 213 per buffered chunk, 424 when the reassembled size differs from Meta Size,
 * 413 when it exceeds our MaxObjSize; nothing is written before the last chunk.
 */
import type { Add, Item, ItemData, Meta, Replace } from '../../../syncml/index.ts';
import { STATUS } from '../codes.ts';
import { assemble } from '../large-object/inbound.ts';
import { sizeMatches, transmittedSize } from '../large-object/sizes.ts';
import type { WriteValue } from '../ports/tree-port.ts';
import type { ExecEnv, OutEntry, Scope } from './env.ts';
import { interruptPendingObject } from './interrupt.ts';

type WriteCommand = Add | Replace;

function write(env: ExecEnv, kind: WriteCommand['kind'], uri: string, value: WriteValue): string {
  const status = kind === 'Add' ? env.tree.add(uri, value) : env.tree.replace(uri, value);
  return String(status);
}

function valueOf(meta: Meta | undefined, data: ItemData | undefined): WriteValue {
  return {
    ...(meta?.format === undefined ? {} : { format: meta.format }),
    ...(meta?.type === undefined ? {} : { type: meta.type }),
    ...(data === undefined ? {} : { data }),
  };
}

/** Item Meta overrides command Meta field by field (RepPro §5.1: Meta at either level). */
function metaOf(command: WriteCommand, item: Item): Meta | undefined {
  if (command.meta === undefined) return item.meta;
  if (item.meta === undefined) return command.meta;
  return { ...command.meta, ...item.meta };
}

function chunk(
  command: WriteCommand,
  item: Item,
  uri: string,
  meta: Meta | undefined,
  env: ExecEnv,
  scope: Scope,
): string {
  // A command (a whole Atomic/Sequence included) must fit in one message (reference §2.5): a chunk
  // inside one would make the container span messages. Refused as unsupported.
  if (scope.atomic || scope.sequence) return STATUS.NOT_SUPPORTED;
  const data = item.data ?? '';
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) return STATUS.NOT_SUPPORTED;
  let pending = env.inbound.pending;
  if (pending === undefined) {
    const declared = meta?.size;
    pending = {
      kind: command.kind,
      uri,
      source: item.source?.locURI,
      format: meta?.format,
      type: meta?.type,
      declaredSize: declared,
      parts: [],
      received: 0,
      lastMsgId: env.msgRef,
      refused: declared !== undefined && declared > env.ownMaxObjSize,
    };
    env.inbound.pending = pending;
  }
  pending.lastMsgId = env.msgRef;
  if (pending.refused) return STATUS.TOO_LARGE;
  pending.parts.push(data);
  pending.received += transmittedSize(data) ?? 0;
  if (pending.received > env.ownMaxObjSize) {
    // Stop buffering: the remaining chunks are answered 413 and the object never written.
    pending.refused = true;
    pending.parts.length = 0;
    return STATUS.TOO_LARGE;
  }
  return STATUS.CHUNK_ACCEPTED;
}

function lastChunk(command: WriteCommand, item: Item, uri: string, env: ExecEnv): string {
  const pending = env.inbound.discard();
  if (pending === undefined) return STATUS.FAILED;
  if (pending.refused) return STATUS.TOO_LARGE;
  const tail = item.data ?? '';
  if (typeof tail !== 'string' && !(tail instanceof Uint8Array)) return STATUS.SIZE_MISMATCH;
  pending.parts.push(tail);
  const data = assemble(pending.parts);
  if (pending.declaredSize !== undefined && !sizeMatches(pending.declaredSize, data, pending.format)) {
    return STATUS.SIZE_MISMATCH;
  }
  if ((transmittedSize(data) ?? 0) > env.ownMaxObjSize) return STATUS.TOO_LARGE;
  const meta: Meta = {
    ...(pending.format === undefined ? {} : { format: pending.format }),
    ...(pending.type === undefined ? {} : { type: pending.type }),
  };
  return write(env, command.kind, uri, valueOf(meta, data));
}

/** Writes one Item; returns the Status code for it. */
export function writeItem(
  command: WriteCommand,
  item: Item,
  env: ExecEnv,
  scope: Scope,
  out: OutEntry[],
): string {
  const uri = item.target?.locURI;
  const pending = env.inbound.pending;
  if (pending !== undefined && (uri === undefined || pending.kind !== command.kind || pending.uri !== uri)) {
    interruptPendingObject(env, out);
  }
  if (uri === undefined || uri === '') return STATUS.BAD_REQUEST;
  const meta = metaOf(command, item);
  if (item.moreData === true) return chunk(command, item, uri, meta, env, scope);
  if (env.inbound.pending !== undefined) return lastChunk(command, item, uri, env);
  const size = transmittedSize(item.data);
  if (size !== undefined && size > env.ownMaxObjSize) return STATUS.TOO_LARGE;
  if (
    meta?.size !== undefined &&
    item.data !== undefined &&
    size !== undefined &&
    !sizeMatches(meta.size, item.data, meta.format)
  ) {
    return STATUS.SIZE_MISMATCH;
  }
  return write(env, command.kind, uri, valueOf(meta, item.data));
}
