/**
 * ACL property values (DM 1.2 TND §7.7.1; reference §7.4) as data: parse, format, grant checks and
 * ServerID scrubbing. Grammar:
 *   acl      = "" | entry *("&" entry)
 *   entry    = command "=" serverid *("+" serverid)
 *   command  = "Add" | "Delete" | "Exec" | "Get" | "Replace"
 *   serverid = "*" | 1*(printable except "=", "&", "*", "+", whitespace)
 */
import { ScomoError } from '../errors/index.ts';

export const ACL_COMMANDS = ['Add', 'Delete', 'Exec', 'Get', 'Replace'] as const;
export type AclCommand = (typeof ACL_COMMANDS)[number];

/** Server ids per command; a missing command grants nobody. `*` grants every server. */
export type Acl = Readonly<Partial<Record<AclCommand, readonly string[]>>>;

export const EMPTY_ACL: Acl = Object.freeze({});

/** The root default (reference §7.4). */
export const DEFAULT_ROOT_ACL: Acl = Object.freeze({ Add: ['*'], Get: ['*'] });

export const ACL_WILDCARD = '*';

const SERVER_ID_RE = /^[^\s=&*+\p{Cc}]+$/u;

export function isAclCommand(value: string): value is AclCommand {
  return (ACL_COMMANDS as readonly string[]).includes(value);
}

/** True when `id` may appear in an ACL: `*` or printable text without `=`, `&`, `*`, `+`, spaces. */
export function isValidAclServerId(id: string): boolean {
  return id === ACL_WILDCARD || SERVER_ID_RE.test(id);
}

/** Builds a canonical ACL: commands in grammar order, duplicate ids removed, empty commands dropped. */
export function makeAcl(entries: Partial<Record<AclCommand, readonly string[]>>): Acl {
  const out: Partial<Record<AclCommand, readonly string[]>> = {};
  for (const cmd of ACL_COMMANDS) {
    const ids = entries[cmd];
    if (ids && ids.length > 0) out[cmd] = Object.freeze([...new Set(ids)]);
  }
  return Object.freeze(out);
}

type AclParse = { readonly ok: true; readonly acl: Acl } | { readonly ok: false; readonly reason: string };

function readAcl(text: string): AclParse {
  if (text === '') return { ok: true, acl: EMPTY_ACL };
  const merged: Partial<Record<AclCommand, string[]>> = {};
  for (const entry of text.split('&')) {
    const eq = entry.indexOf('=');
    if (eq < 0) return { ok: false, reason: `entry "${entry}" has no "="; expected Command=ServerID` };
    const cmd = entry.slice(0, eq);
    if (!isAclCommand(cmd)) {
      return { ok: false, reason: `unknown command "${cmd}"; expected one of ${ACL_COMMANDS.join(', ')}` };
    }
    const ids = entry.slice(eq + 1).split('+');
    for (const id of ids) {
      if (!isValidAclServerId(id)) {
        return { ok: false, reason: `bad server id "${id}" for ${cmd}; expected "*" or printable text` };
      }
    }
    (merged[cmd] ??= []).push(...ids);
  }
  return { ok: true, acl: makeAcl(merged) };
}

/** Parses an ACL value; undefined when it does not follow the grammar. */
export function tryParseAcl(text: string): Acl | undefined {
  const r = readAcl(text);
  return r.ok ? r.acl : undefined;
}

/** Parses an ACL value or throws ScomoError SCOMO_TREE_ACL_SYNTAX naming what is wrong. */
export function parseAcl(text: string): Acl {
  const r = readAcl(text);
  if (!r.ok) throw new ScomoError('SCOMO_TREE_ACL_SYNTAX', `Invalid ACL "${text}": ${r.reason}`);
  return r.acl;
}

/** The canonical text form, e.g. `Add=*&Get=srvA+srvB`; the empty ACL is "". */
export function formatAcl(acl: Acl): string {
  const parts: string[] = [];
  for (const cmd of ACL_COMMANDS) {
    const ids = acl[cmd];
    if (ids && ids.length > 0) parts.push(`${cmd}=${ids.join('+')}`);
  }
  return parts.join('&');
}

export function isEmptyAcl(acl: Acl): boolean {
  for (const cmd of ACL_COMMANDS) if ((acl[cmd]?.length ?? 0) > 0) return false;
  return true;
}

/** True when `acl` grants `command` to `serverId` (listed by name or through `*`). */
export function aclGrants(acl: Acl, command: AclCommand, serverId: string): boolean {
  const ids = acl[command];
  return ids !== undefined && (ids.includes(ACL_WILDCARD) || ids.includes(serverId));
}

export function aclEquals(a: Acl, b: Acl): boolean {
  return formatAcl(a) === formatAcl(b);
}

/**
 * Removes `serverId` from every command (reference §7.4 "Deleting a ServerID"): commands left without
 * ids disappear; on the root they revert to `*` so that the root keeps a value.
 */
export function scrubAcl(acl: Acl, serverId: string, isRoot: boolean): Acl {
  const out: Partial<Record<AclCommand, readonly string[]>> = {};
  let changed = false;
  for (const cmd of ACL_COMMANDS) {
    const ids = acl[cmd];
    if (!ids) continue;
    const kept = ids.filter((id) => id !== serverId);
    if (kept.length !== ids.length) changed = true;
    if (kept.length > 0) out[cmd] = kept;
    else if (isRoot) out[cmd] = [ACL_WILDCARD];
  }
  return changed ? makeAcl(out) : acl;
}

/**
 * The ACL a device gives an interior node that `serverId` Adds without holding Replace on the parent
 * (reference §7.4): Add, Delete and Replace as the spec requires, plus Get for the same server so it
 * can read what it created (libdmclient grants `Get=*`; scomo keeps it to the creator).
 */
export function autoAcl(serverId: string): Acl {
  const ids = [serverId];
  return makeAcl({ Add: ids, Delete: ids, Get: ids, Replace: ids });
}
