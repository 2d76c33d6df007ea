/**
 * Reading SCOMO URIs without knowing the root: the object kind and node name of
 * `…/Download/<x>`, `…/Inventory/Delivered/<x>` and `…/Inventory/Deployed/<x>`, and the operation of
 * `…/<x>/Operations/<op>`. Case-insensitive on the fixed names (Verizon writes `inventory/delivered`,
 * reference §1.12).
 */
import { OPERATIONS_NODE, isOperationOf } from '../vocabulary/operations.ts';
import type { ScomoObjectKind, ScomoOperation } from '../vocabulary/operations.ts';

export interface ScomoObjectRef {
  readonly kind: ScomoObjectKind;
  readonly node: string;
  /** The URI prefix before the object's parent (the SCOMO root as the device wrote it). */
  readonly root: string;
}

export interface ScomoOperationRef extends ScomoObjectRef {
  readonly operation: ScomoOperation;
}

function segmentsOf(uri: string): string[] {
  return uri.replace(/\?.*$/, '').split('/');
}

/** The object a URI points at or below, or undefined. The last match wins (a root named Download…). */
export function scomoObjectOf(
  uri: string,
): (ScomoObjectRef & { readonly rest: readonly string[] }) | undefined {
  const s = segmentsOf(uri);
  for (let i = s.length - 2; i >= 0; i--) {
    const a = s[i]?.toLowerCase();
    const b = s[i + 1];
    if (b === undefined) continue;
    if (a === 'inventory' && i + 2 < s.length) {
      const which = b.toLowerCase();
      const node = s[i + 2];
      if ((which === 'delivered' || which === 'deployed') && node !== undefined) {
        return { kind: which, node, root: s.slice(0, i).join('/'), rest: s.slice(i + 3) };
      }
    }
    if (a === 'download' && s[i - 1]?.toLowerCase() !== 'operations') {
      return { kind: 'download', node: b, root: s.slice(0, i).join('/'), rest: s.slice(i + 2) };
    }
  }
  return undefined;
}

/** The operation an executed URI names, or undefined. */
export function scomoOperationOf(uri: string): ScomoOperationRef | undefined {
  const object = scomoObjectOf(uri);
  if (object === undefined || object.rest.length !== 2) return undefined;
  const [ops, operation] = object.rest;
  if (ops?.toLowerCase() !== OPERATIONS_NODE.toLowerCase() || operation === undefined) return undefined;
  if (!isOperationOf(object.kind, operation)) return undefined;
  return { kind: object.kind, node: object.node, root: object.root, operation };
}
