/** Shared helper for laying out standard MOs through the privileged API. */
import { ScomoError } from '../../errors/index.ts';
import type { LocalNodeSpec, LocalTree } from '../local.ts';

/** Creates or updates a node; a failure here is a configuration error, reported by a throw. */
export function place(local: LocalTree, uri: string, spec: LocalNodeSpec): void {
  const status = local.put(uri, spec);
  if (status !== 200) {
    throw new ScomoError(
      'SCOMO_TREE_LAYOUT',
      `Cannot lay out ${uri}: the tree answered ${status}; check the MO options`,
    );
  }
}

/** A permanent, Get-only chr leaf (the DevInfo / DevDetail shape). */
export function readOnlyLeaf(data: string, format = 'chr'): LocalNodeSpec {
  return { format, data, permanent: true, access: ['Get'] };
}

/** A permanent, Get-only interior node. */
export function readOnlyInterior(type = ''): LocalNodeSpec {
  return { format: 'node', type, permanent: true, access: ['Get'] };
}
