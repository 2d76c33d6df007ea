/**
 * Add and Replace of one Item, including large objects arriving in chunks (DM 1.2 Protocol §6.1.9,
 * reference §2.8): 213 per chunk, 424 when the reassembled size differs from Meta Size, 413 when it
 * exceeds our MaxObjSize; nothing is written before the last chunk. The chunks are buffered here,
 * or handed to the embedder's InboundObjectHook sink as they arrive (large-object/sink.ts).
 */
import type { Add, Item, ItemData, Meta, Replace } from '../../../syncml/index.ts';
import { STATUS } from '../codes.ts';
import { abortSink, assemble } from '../large-object/inbound.ts';
import type { PendingObject } from '../large-object/inbound.ts';
import { StreamTally } from '../large-object/sink.ts';
import type { InboundObjectSink } from '../large-object/sink.ts';
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
  const pending = env.inbound.pending ?? openObject(command, item, uri, meta, env);
  pending.lastMsgId = env.msgRef;
  if (pending.refusedWith !== undefined) return pending.refusedWith;
  const size = transmittedSize(data) ?? 0;
  pending.received += size;
  if (pending.received > env.ownMaxObjSize) {
    // Stop receiving: the remaining chunks are answered 413 and the object never written.
    return refuse(pending, STATUS.TOO_LARGE);
  }
  if (pending.sink !== undefined) {
    const refused = sinkWrite(pending.sink, data);
    if (refused !== undefined) return refuse(pending, refused);
    pending.tally?.add(data, size);
  } else {
    pending.parts.push(data);
  }
  return STATUS.CHUNK_ACCEPTED;
}

/** The first chunk: remember the object, and offer it to the embedder's hook (streaming). */
function openObject(
  command: WriteCommand,
  item: Item,
  uri: string,
  meta: Meta | undefined,
  env: ExecEnv,
): PendingObject {
  const declared = meta?.size;
  let refusedWith: string | undefined =
    declared !== undefined && declared > env.ownMaxObjSize ? STATUS.TOO_LARGE : undefined;
  let sink: InboundObjectSink | undefined;
  if (refusedWith === undefined && env.inboundObjects !== undefined) {
    const chosen = guard(
      () =>
        env.inboundObjects?.({
          kind: command.kind,
          uri,
          serverId: env.serverId,
          format: meta?.format,
          type: meta?.type,
          declaredSize: declared,
        }),
      500,
    );
    if (typeof chosen === 'number') refusedWith = String(chosen);
    else sink = chosen;
  }
  const pending: PendingObject = {
    kind: command.kind,
    uri,
    source: item.source?.locURI,
    format: meta?.format,
    type: meta?.type,
    declaredSize: declared,
    parts: [],
    received: 0,
    lastMsgId: env.msgRef,
    refusedWith,
    sink,
    tally: sink === undefined ? undefined : new StreamTally(),
  };
  env.inbound.pending = pending;
  return pending;
}

function refuse(pending: PendingObject, code: string): string {
  pending.refusedWith = code;
  pending.parts.length = 0;
  abortSink(pending);
  return code;
}

/** Calls into the embedder's sink; a sink that throws refuses the object (500) instead of the message. */
function guard<T>(call: () => T, onThrow: number): T | number {
  try {
    return call();
  } catch {
    return onThrow;
  }
}

function sinkWrite(sink: InboundObjectSink, data: string | Uint8Array): string | undefined {
  const answer = guard(() => sink.write(data), 500);
  return answer === undefined ? undefined : String(answer);
}

function lastChunk(command: WriteCommand, item: Item, uri: string, env: ExecEnv): string {
  const pending = env.inbound.discard();
  if (pending === undefined) return STATUS.FAILED;
  if (pending.refusedWith !== undefined) return pending.refusedWith;
  const tail = item.data ?? '';
  if (typeof tail !== 'string' && !(tail instanceof Uint8Array)) {
    abortSink(pending);
    return STATUS.SIZE_MISMATCH;
  }
  if (pending.sink !== undefined) return lastStreamedChunk(pending, tail, env);
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

/** The last chunk of an object the hook took: same checks as a buffered one, then the sink's answer. */
function lastStreamedChunk(pending: PendingObject, tail: string | Uint8Array, env: ExecEnv): string {
  const sink = pending.sink as InboundObjectSink;
  const size = transmittedSize(tail) ?? 0;
  if (pending.received + size > env.ownMaxObjSize) return refuse(pending, STATUS.TOO_LARGE);
  const refused = sinkWrite(sink, tail);
  if (refused !== undefined) return refuse(pending, refused);
  pending.received += size;
  pending.tally?.add(tail, size);
  if (
    pending.declaredSize !== undefined &&
    pending.tally?.matches(pending.declaredSize, pending.format) !== true
  ) {
    return refuse(pending, STATUS.SIZE_MISMATCH);
  }
  pending.sink = undefined;
  const status = guard(() => sink.end(), 500);
  return String(status);
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
