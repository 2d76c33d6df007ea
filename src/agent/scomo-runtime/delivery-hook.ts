/**
 * Direct delivery over DM streamed to disk (issue "SCOMO end to end": "a large object written into
 * Inventory/Delivered/<x>/Data is streamed to disk, never held whole in memory"). The client session
 * engine asks this hook where each large object goes (src/session InboundObjectHook): the Data leaf
 * of a Delivered package gets a PackageStream into the executor's package store; anything else stays
 * with the engine.
 *
 * The tree still decides whether the write is allowed: before taking the first chunk the hook asks
 * it, inside a savepoint that is rolled back, what it would answer to the same Add/Replace (URI,
 * AccessType, ACL for this server, and the SCOMO MO's own answers: 404 for a missing Delivered/<x>,
 * 503 while an operation runs on it). So streaming changes where the bytes go, never who may write.
 */
import type { InboundObjectHook, InboundObjectTarget } from '../../session/index.ts';
import type { ScomoPaths } from '../../scomo/index.ts';
import { splitPath } from '../../tree/index.ts';
import type { DmTree } from '../../tree/index.ts';
import { openPackageStream } from './package-stream.ts';
import type { PackageStream, PackageStreamPorts } from './package-stream.ts';

export interface DeliveryHookOptions extends PackageStreamPorts {
  readonly tree: DmTree;
  readonly paths: ScomoPaths;
  readonly clock: () => number;
}

export interface DeliveryHook {
  /** For the client session options (`inboundObjects`). */
  readonly hook: InboundObjectHook;
  /** Resolves once every stream's queued writes are on disk (the agent awaits it after each message). */
  settle(): Promise<void>;
  /** The session is over: drops streams that never got their last chunk, then settles. */
  endSession(): Promise<void>;
}

export function createDeliveryHook(options: DeliveryHookOptions): DeliveryHook {
  let streams: PackageStream[] = [];

  const hook: InboundObjectHook = (target) => {
    const node = deliveredDataNode(target.uri, options.paths);
    if (node === undefined) return undefined;
    const allowed = probe(options, target);
    if (allowed !== 200) return allowed;
    const stream = openPackageStream(node, target.format === 'b64', options);
    streams.push(stream);
    return stream;
  };

  const settle = async (): Promise<void> => {
    const current = streams;
    await Promise.all(current.map((s) => s.settled()));
    // Settled and closed: nothing more will happen on them.
    streams = streams.filter((s) => !(s.closed && current.includes(s)));
  };

  return {
    hook,
    settle,
    async endSession() {
      for (const stream of streams) stream.abort();
      await settle();
    },
  };
}

/** `<root>/Inventory/Delivered/<x>/Data` → `<x>`; undefined for any other URI. */
export function deliveredDataNode(uri: string, paths: ScomoPaths): string | undefined {
  const segments = splitPath(uri);
  if (segments === undefined) return undefined;
  const root = paths.rootSegments;
  if (segments.length !== root.length + 4 || !root.every((s, i) => segments[i] === s)) return undefined;
  const [inventory, delivered, node, data] = segments.slice(root.length);
  if (inventory !== 'Inventory' || delivered !== 'Delivered' || data !== 'Data') return undefined;
  return node;
}

/** What the tree answers to this write with an empty value, without keeping anything of it. */
function probe(options: DeliveryHookOptions, target: InboundObjectTarget): number {
  const { tree } = options;
  const item = {
    ...(target.format === undefined ? {} : { format: target.format }),
    ...(target.type === undefined ? {} : { type: target.type }),
    data: new Uint8Array(0),
  };
  const ctx = { serverId: target.serverId, now: options.clock() };
  const savepoint = tree.begin();
  try {
    return target.kind === 'Add' ? tree.add(target.uri, item, ctx) : tree.replace(target.uri, item, ctx);
  } finally {
    savepoint.rollback();
  }
}
