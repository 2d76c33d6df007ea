/**
 * The MO plugin mounted at the SCOMO root: what a server may write where (README "Layout"), the
 * direct-delivery Data leaf, and Exec on the Operations leaves. The tree has already checked the URI,
 * the AccessType of existing nodes and the ACL before any handler runs (src/tree/plugin.ts).
 */
import type { MoPlugin, NodeItem, PluginRequest, TreeStatus } from '../../tree/index.ts';
import { base64Decode } from '../../tree/index.ts';
import { EXT_NODE, serverWritableLeaves } from '../vocabulary/nodes.ts';
import { isOperationOf, OPERATIONS_NODE } from '../vocabulary/operations.ts';
import type { ScomoObjectKind } from '../vocabulary/operations.ts';
import type { ScomoController } from './controller.ts';
import { layoutDelivered, layoutDownload } from './layout.ts';
import { locate } from './paths.ts';
import type { ScomoEffect } from './types.ts';

/** Where the plugin puts the agent effects of a server command (undone with an Atomic rollback). */
export type EffectSink = (effects: readonly ScomoEffect[], req: PluginRequest) => void;

const UTF8 = new TextEncoder();

/** The bytes of a Data item: bin as is, b64 text decoded, other text as UTF-8; undefined if bad b64. */
function dataBytes(item: NodeItem): Uint8Array | undefined {
  const data = item.data ?? '';
  if (data instanceof Uint8Array) return data;
  if (item.format === 'b64') return base64Decode(data);
  return UTF8.encode(data);
}

export function scomoPlugin(controller: ScomoController, sink: EffectSink): MoPlugin {
  const paths = controller.paths;

  const layout = (req: PluginRequest, kind: ScomoObjectKind, node: string): void => {
    if (!req.tree.exists(paths.object(kind, node))) return;
    if (kind === 'download') layoutDownload(req.tree, paths, node);
    else if (kind === 'delivered') layoutDelivered(req.tree, paths, node);
  };

  const writeData = (
    req: PluginRequest & { item: NodeItem },
    node: string,
    creating: boolean,
  ): TreeStatus => {
    if (!creating && !req.tree.exists(paths.object('delivered', node))) return 404;
    const bytes = dataBytes(req.item);
    if (bytes === undefined) return 400;
    const r = controller.storePackage(node, bytes, bytes.length);
    if (r.status === 200) sink(r.effects, req);
    return r.status;
  };

  return {
    add(req, next) {
      const loc = locate(req.relative);
      if (loc.at === 'other') return next();
      const { kind, node, rest } = loc;
      // Deployed/<x> is created by the device only (reference §1.3).
      if (kind === 'deployed') return 405;
      const [leaf] = rest;
      if (leaf === undefined) {
        if (req.item.format !== 'node') return 405;
        const status = next();
        if (status === 200) layout(req, kind, node);
        return status;
      }
      if (kind === 'delivered' && leaf === 'Data' && rest.length === 1) return writeData(req, node, true);
      const writable = leaf === EXT_NODE || (rest.length === 1 && serverWritableLeaves(kind).includes(leaf));
      if (!writable) return 405;
      const status = next();
      if (status === 200) layout(req, kind, node);
      return status;
    },

    replace(req, next) {
      const loc = locate(req.relative);
      if (
        loc.at === 'object' &&
        loc.kind === 'delivered' &&
        loc.rest.length === 1 &&
        loc.rest[0] === 'Data'
      ) {
        return writeData(req, loc.node, false);
      }
      return next();
    },

    delete(req, next) {
      const loc = locate(req.relative);
      if (loc.at === 'other' || loc.rest.length > 0) return next();
      if (controller.isBusy(loc.kind, loc.node)) return 503;
      const status = next();
      if (status === 200 && loc.kind === 'delivered') sink(controller.packageDeleted(loc.node), req);
      return status;
    },

    exec(req, next) {
      const loc = locate(req.relative);
      if (loc.at === 'other') return next();
      const [ops, operation, ...more] = loc.rest;
      if (ops !== OPERATIONS_NODE || operation === undefined || more.length > 0) return next();
      if (!isOperationOf(loc.kind, operation) || !req.tree.exists(req.uri)) return next();
      const answer = controller.exec({
        kind: loc.kind,
        node: loc.node,
        operation,
        source: req.uri,
        correlator: req.exec.correlator,
        serverId: req.serverId,
        now: req.now,
      });
      sink(answer.effects, req);
      return { status: answer.status };
    },
  };
}
