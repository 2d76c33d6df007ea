/**
 * DDF AccessType (DM 1.2 TND §7.5 / DDF `AccessType`) as a bit mask per node. Unlike the ACL, which
 * says which *server* may act, AccessType says which *commands* a node supports at all; a command
 * outside it is 405 "command not allowed" for every server.
 *
 * Interior nodes: `Add` in the mask means servers may Add children below the node (the DDF puts Add
 * on the dynamic child; a tree without DDFs for dynamic children carries it on the parent).
 */
export const ACCESS_TYPES = ['Add', 'Copy', 'Delete', 'Exec', 'Get', 'Replace'] as const;
export type AccessType = (typeof ACCESS_TYPES)[number];

/** Bit i stands for ACCESS_TYPES[i]. */
export type AccessMask = number;

export function isAccessType(value: unknown): value is AccessType {
  return typeof value === 'string' && (ACCESS_TYPES as readonly string[]).includes(value);
}

export function accessMask(types: Iterable<AccessType>): AccessMask {
  let mask = 0;
  for (const t of types) mask |= 1 << ACCESS_TYPES.indexOf(t);
  return mask;
}

export function accessList(mask: AccessMask): AccessType[] {
  return ACCESS_TYPES.filter((_, i) => (mask & (1 << i)) !== 0);
}

/** Nodes without an explicit AccessType (created by a server's Add) allow everything but Exec. */
export const DEFAULT_ACCESS: AccessMask = accessMask(['Add', 'Copy', 'Delete', 'Get', 'Replace']);

export function accessAllows(mask: AccessMask | undefined, type: AccessType): boolean {
  return ((mask ?? DEFAULT_ACCESS) & (1 << ACCESS_TYPES.indexOf(type))) !== 0;
}
