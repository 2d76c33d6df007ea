/** URIs of the SCOMO MO below a configurable root (reference §1.1–1.2). */
import { ScomoError } from '../../errors/index.ts';
import { formatUri, splitPath } from '../../tree/index.ts';
import { OPERATIONS_NODE, SCOMO_OBJECTS } from '../vocabulary/operations.ts';
import type { ScomoObjectKind } from '../vocabulary/operations.ts';

export interface ScomoPaths {
  /** Canonical root URI, e.g. `./SCOMO`. */
  readonly root: string;
  readonly rootSegments: readonly string[];
  /** The parent of the objects of a kind, e.g. `./SCOMO/Inventory/Deployed`. */
  parent(kind: ScomoObjectKind): string;
  object(kind: ScomoObjectKind, node: string): string;
  leaf(kind: ScomoObjectKind, node: string, leaf: string): string;
  operation(kind: ScomoObjectKind, node: string, operation: string): string;
  readonly journal: string;
}

/** The device-private subtree holding the journal (README "Persistence"). */
export const PRIVATE_EXT = ['Ext', 'Scomo'] as const;
export const JOURNAL_LEAF = 'Journal';

export function scomoPaths(root: string): ScomoPaths {
  const segments = splitPath(root);
  if (segments === undefined || segments.length === 0) {
    throw new ScomoError(
      'SCOMO_MO_OPTIONS',
      `The SCOMO root "${root}" is not a tree URI below "."; use e.g. ./SCOMO`,
    );
  }
  const base = formatUri(segments);
  const parent = (kind: ScomoObjectKind): string => `${base}/${SCOMO_OBJECTS[kind].join('/')}`;
  const object = (kind: ScomoObjectKind, node: string): string => `${parent(kind)}/${node}`;
  return {
    root: base,
    rootSegments: segments,
    parent,
    object,
    leaf: (kind, node, leaf) => `${object(kind, node)}/${leaf}`,
    operation: (kind, node, operation) => `${object(kind, node)}/${OPERATIONS_NODE}/${operation}`,
    journal: `${base}/${PRIVATE_EXT.join('/')}/${JOURNAL_LEAF}`,
  };
}

/** Where a path below the root points (segments relative to the root). */
export type ScomoLocation =
  | {
      readonly at: 'object';
      readonly kind: ScomoObjectKind;
      readonly node: string;
      readonly rest: readonly string[];
    }
  | { readonly at: 'other' };

export function locate(relative: readonly string[]): ScomoLocation {
  const [a, b, c] = relative;
  if (a === 'Download' && b !== undefined)
    return { at: 'object', kind: 'download', node: b, rest: relative.slice(2) };
  if (a === 'Inventory' && (b === 'Delivered' || b === 'Deployed') && c !== undefined) {
    return {
      at: 'object',
      kind: b === 'Delivered' ? 'delivered' : 'deployed',
      node: c,
      rest: relative.slice(3),
    };
  }
  return { at: 'other' };
}
