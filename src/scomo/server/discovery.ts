/**
 * Finding the SCOMO root by its Type property (reference §1.1: the root is placed anywhere), as a
 * pure planner the server session drives:
 *
 *   1. probe   `Get <candidate>?prop=Type` for the well-known places (./SCOMO, ./SCM): one round trip
 *              for nearly every device;
 *   2. struct  `Get .?list=Struct`: an interior node whose Meta Type is a SCOMO MOID is the root;
 *              otherwise every interior node with an `Inventory` or `Download` child is a candidate;
 *   3. children `Get .` when the device answers ?list with an error (406): top-level nodes are
 *              the candidates;
 *   4. props   `Get <candidate>?prop=Type` for those candidates.
 *
 * The first node whose Type is `urn:oma:mo:oma-scomo:1.0` or `1.1` wins; none: not found.
 */
import { isScomoMoId, scomoVersionOf, WELL_KNOWN_SCOMO_ROOTS } from '../vocabulary/identity.ts';
import type { ScomoVersion } from '../vocabulary/identity.ts';

export type DiscoveryPhase = 'probe' | 'struct' | 'children' | 'props' | 'done';

export interface Discovery {
  readonly phase: DiscoveryPhase;
  /** URIs to Get in this phase (one Get each). */
  readonly gets: readonly string[];
  /** Candidates already asked for their Type. */
  readonly probed: readonly string[];
  /** Set when done and found. */
  readonly root?: string;
  readonly version?: ScomoVersion;
}

/** One listing entry of a Struct result (Source LocURI, Meta Format and Meta Type). */
export interface StructEntry {
  readonly uri: string;
  readonly format?: string;
  readonly type?: string;
}

export interface DiscoveryReply {
  readonly uri: string;
  readonly status: number;
  /** Results Data: the Type value (probe/props) or the child list (children). */
  readonly data?: string;
  /** The Results items of a `?list=Struct` Get. */
  readonly entries?: readonly StructEntry[];
}

const TYPE = '?prop=Type';
const STRUCT = '.?list=Struct';

export function startDiscovery(options: { readonly candidates?: readonly string[] } = {}): Discovery {
  const candidates = options.candidates ?? WELL_KNOWN_SCOMO_ROOTS;
  return { phase: 'probe', gets: candidates.map((c) => `${c}${TYPE}`), probed: [...candidates] };
}

function found(d: Discovery, root: string, type: string): Discovery {
  const version = scomoVersionOf(type);
  return { phase: 'done', gets: [], probed: d.probed, root, ...(version === undefined ? {} : { version }) };
}

function notFound(d: Discovery): Discovery {
  return { phase: 'done', gets: [], probed: d.probed };
}

function propsOf(d: Discovery, candidates: readonly string[]): Discovery {
  const fresh = [...new Set(candidates)].filter((c) => !d.probed.includes(c));
  if (fresh.length === 0) return notFound(d);
  return { phase: 'props', gets: fresh.map((c) => `${c}${TYPE}`), probed: [...d.probed, ...fresh] };
}

/** The Type answers, in the order asked: the first SCOMO MOID wins. */
function firstTyped(d: Discovery, replies: readonly DiscoveryReply[]): Discovery | undefined {
  for (const uri of d.gets) {
    const reply = replies.find((r) => r.uri === uri);
    if (reply?.status === 200 && isScomoMoId(reply.data))
      return found(d, uri.slice(0, -TYPE.length), reply.data);
  }
  return undefined;
}

function normalize(uri: string): string {
  return uri === '.' || uri.startsWith('./') ? uri : `./${uri}`;
}

export function advanceDiscovery(d: Discovery, replies: readonly DiscoveryReply[]): Discovery {
  switch (d.phase) {
    case 'probe':
      return firstTyped(d, replies) ?? { phase: 'struct', gets: [STRUCT], probed: d.probed };
    case 'props':
      return firstTyped(d, replies) ?? notFound(d);
    case 'struct': {
      const reply = replies.find((r) => r.uri === STRUCT);
      if (reply === undefined || reply.status !== 200)
        return { phase: 'children', gets: ['.'], probed: d.probed };
      const entries = reply.entries ?? [];
      const typed = entries.find((e) => e.format === 'node' && isScomoMoId(e.type));
      if (typed?.type !== undefined) return found(d, normalize(typed.uri), typed.type);
      const interior = new Set(entries.filter((e) => e.format === 'node').map((e) => normalize(e.uri)));
      const candidates = [...interior].filter((uri) =>
        ['Inventory', 'Download'].some((child) =>
          [...interior].some((u) => u.toLowerCase() === `${uri}/${child}`.toLowerCase()),
        ),
      );
      return propsOf(d, candidates);
    }
    case 'children': {
      const reply = replies.find((r) => r.uri === '.');
      if (reply === undefined || reply.status !== 200) return notFound(d);
      const names = (reply.data ?? '').split('/').filter((n) => n !== '');
      return propsOf(
        d,
        names.map((n) => `./${n}`),
      );
    }
    case 'done':
      return d;
    default: {
      const never: never = d.phase;
      return never;
    }
  }
}
