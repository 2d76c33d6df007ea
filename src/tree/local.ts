/**
 * Privileged access for the agent's own code and for MO plugins: no ACL, AccessType or permanence
 * checks, and no plugin dispatch (plugins delegate their storage here). It reads what servers cannot
 * (AAuthSecret, AAuthData) and sets what servers cannot (ACLs without rights, permanence, AccessType).
 * Changes are journaled and committed like a server's, so they roll back inside a transaction and
 * raise the change marker for persistence.
 */
import { formatAcl, tryParseAcl, scrubAcl, aclEquals } from './acl.ts';
import type { Acl } from './acl.ts';
import { accessMask } from './access.ts';
import type { AccessType } from './access.ts';
import type { TreeCore } from './core.ts';
import type { NodeData } from './format.ts';
import { walk } from './node.ts';
import type { TreeNode } from './node.ts';
import { addNode } from './ops/add.ts';
import type { DeviceNodeOptions } from './ops/add.ts';
import { deleteNode } from './ops/delete.ts';
import { DEVICE } from './ops/env.ts';
import type { OpEnv } from './ops/env.ts';
import { getNode } from './ops/get.ts';
import { replaceProperty } from './ops/props.ts';
import { replaceNode } from './ops/replace.ts';
import type { GetOutcome, NodeItem } from './results.ts';
import { isSuccess } from './status.ts';
import type { TreeStatus } from './status.ts';
import { applyTnds } from './tnds/apply.ts';
import type { TndsTree } from './tnds/types.ts';
import { parseUri } from './uri.ts';
import type { ParsedUri } from './uri.ts';

/** A node the device creates, with what only the device may set. */
export interface LocalNodeSpec extends NodeItem {
  readonly acl?: string | Acl;
  readonly title?: string;
  readonly permanent?: boolean;
  /** DDF AccessType; omitted = everything but Exec. */
  readonly access?: readonly AccessType[];
}

/** Property changes only the device may make. `access: null` returns to the default AccessType. */
export interface LocalPropertyPatch {
  readonly acl?: string | Acl;
  readonly title?: string;
  readonly type?: string;
  readonly permanent?: boolean;
  readonly access?: readonly AccessType[] | null;
}

function toAcl(acl: string | Acl): Acl | undefined {
  return typeof acl === 'string' ? tryParseAcl(acl) : acl;
}

export class LocalTree {
  readonly #core: TreeCore;

  constructor(core: TreeCore) {
    this.#core = core;
  }

  #env(): OpEnv {
    return { core: this.#core, principal: DEVICE, now: this.#core.now(), local: this };
  }

  #parse(uri: string): ParsedUri | undefined {
    const r = parseUri(uri);
    return r.ok ? r.uri : undefined;
  }

  #node(uri: string): TreeNode | undefined {
    const p = this.#parse(uri);
    return p && p.query.kind === 'none' ? this.#core.resolve(p.segments) : undefined;
  }

  #mutate(op: () => TreeStatus): TreeStatus {
    return this.#core.run(op, isSuccess);
  }

  /**
   * Runs several operations as one: if `op` answers a failure (or throws) all of its changes are
   * undone; listeners hear of a success once.
   */
  batch(op: () => TreeStatus): TreeStatus {
    return this.#mutate(op);
  }

  /** Get without restrictions (`?prop=` and `?list=` included). */
  get(uri: string): GetOutcome {
    const r = parseUri(uri);
    if (!r.ok) return { status: r.status };
    return getNode(this.#env(), r.uri.segments, r.uri.written, r.uri.query);
  }

  /** A leaf's stored value, or undefined when there is no such leaf. */
  read(uri: string): NodeData | undefined {
    const node = this.#node(uri);
    return node && !node.children ? node.value : undefined;
  }

  exists(uri: string): boolean {
    return this.#node(uri) !== undefined;
  }

  /** Child names of an interior node, undefined for a leaf or a missing node. */
  children(uri: string): string[] | undefined {
    const node = this.#node(uri);
    return node?.children ? [...node.children.keys()] : undefined;
  }

  /** Creates a node (and missing parents). 418 if it exists, 400 for a bad URI or ACL. */
  add(uri: string, spec: LocalNodeSpec = {}): TreeStatus {
    const p = this.#parse(uri);
    if (!p || p.query.kind !== 'none') return 400;
    const acl = spec.acl === undefined ? undefined : toAcl(spec.acl);
    if (spec.acl !== undefined && acl === undefined) return 400;
    const options: DeviceNodeOptions = {
      ...(acl === undefined ? {} : { acl }),
      ...(spec.title === undefined ? {} : { title: spec.title }),
      ...(spec.permanent === undefined ? {} : { permanent: spec.permanent }),
      ...(spec.access === undefined ? {} : { access: accessMask(spec.access) }),
    };
    return this.#mutate(() => addNode(this.#env(), p.segments, spec, options));
  }

  /** Replaces a leaf's value (Format/Type kept unless given). */
  set(uri: string, item: NodeItem): TreeStatus {
    const p = this.#parse(uri);
    if (!p || p.query.kind !== 'none') return 400;
    return this.#mutate(() => replaceNode(this.#env(), p.segments, item));
  }

  /** Creates the node, or replaces its value and properties when it exists. */
  put(uri: string, spec: LocalNodeSpec): TreeStatus {
    if (!this.exists(uri)) return this.add(uri, spec);
    return this.#mutate(() => {
      const node = this.#node(uri);
      if (node === undefined) return 404;
      if (
        !node.children &&
        (spec.data !== undefined || spec.format !== undefined || spec.type !== undefined)
      ) {
        const st = this.set(uri, spec);
        if (st !== 200) return st;
      }
      const patch: LocalPropertyPatch = {
        ...(spec.acl === undefined ? {} : { acl: spec.acl }),
        ...(spec.title === undefined ? {} : { title: spec.title }),
        ...(spec.permanent === undefined ? {} : { permanent: spec.permanent }),
        ...(spec.access === undefined ? {} : { access: spec.access }),
        ...(node.children && spec.type !== undefined ? { type: spec.type } : {}),
      };
      return this.setProperties(uri, patch);
    });
  }

  /** Deletes a node and its subtree, permanent or not (never the root: 405). */
  delete(uri: string): TreeStatus {
    const p = this.#parse(uri);
    if (!p || p.query.kind !== 'none') return 400;
    return this.#mutate(() => deleteNode(this.#env(), p.segments));
  }

  rename(uri: string, name: string): TreeStatus {
    const node = this.#node(uri);
    if (node === undefined) return this.#parse(uri) ? 404 : 400;
    return this.#mutate(() => replaceProperty(this.#env(), node, 'Name', name));
  }

  setProperties(uri: string, patch: LocalPropertyPatch): TreeStatus {
    const node = this.#node(uri);
    if (node === undefined) return this.#parse(uri) ? 404 : 400;
    const acl = patch.acl === undefined ? undefined : toAcl(patch.acl);
    if (patch.acl !== undefined && acl === undefined) return 400;
    return this.#mutate(() => {
      const env = this.#env();
      if (acl !== undefined && !aclEquals(acl, node.acl)) {
        const st = replaceProperty(env, node, 'ACL', formatAcl(acl));
        if (st !== 200) return st;
      }
      if (patch.title !== undefined) {
        const st = replaceProperty(env, node, 'Title', patch.title);
        if (st !== 200) return st;
      }
      const rest: Partial<Pick<TreeNode, 'type' | 'permanent' | 'access'>> = {};
      if (patch.type !== undefined && patch.type !== node.type) rest.type = patch.type;
      if (patch.permanent !== undefined && patch.permanent !== node.permanent)
        rest.permanent = patch.permanent;
      if (patch.access !== undefined) {
        const mask = patch.access === null ? undefined : accessMask(patch.access);
        if (mask !== node.access) rest.access = mask;
      }
      if (Object.keys(rest).length > 0) {
        this.#core.patch(node, rest);
        this.#core.touch(node, env.now);
      }
      return 200;
    });
  }

  /** Adds a TNDS subtree without restrictions (provisioning from a file). */
  addTnds(uri: string, tree: TndsTree): TreeStatus {
    const p = this.#parse(uri);
    if (!p || p.query.kind !== 'none') return 400;
    return this.#mutate(() => applyTnds(this.#env(), p.segments, tree, 'add'));
  }

  /**
   * Removes `serverId` from every ACL (reference §7.4): commands left without ids disappear, on the
   * root they revert to `*`. Returns how many nodes changed.
   */
  scrubServerId(serverId: string): number {
    let changed = 0;
    this.#mutate(() => {
      const now = this.#core.now();
      for (const node of walk(this.#core.root)) {
        const acl = scrubAcl(node.acl, serverId, node.parent === undefined);
        if (acl !== node.acl) {
          this.#core.patch(node, { acl });
          this.#core.touch(node, now);
          changed++;
        }
      }
      return 200;
    });
    return changed;
  }
}
