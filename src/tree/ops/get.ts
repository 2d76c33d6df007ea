/**
 * Get (DM 1.2 RepPro §6.6.7; reference §2.3, §7.2): a leaf's value, an interior node's child names
 * joined by `/` with Format `node`, a `?prop=` value or a `?list=` tree. Checks run 404 → 405 → 425:
 * what the node is comes before who asks.
 */
import type { GetOutcome } from '../results.ts';
import type { UriQuery } from '../uri.ts';
import { granted, supports } from './env.ts';
import type { OpEnv } from './env.ts';
import { getProperty } from './props.ts';
import { listStruct } from './list.ts';
import { exportTnds } from '../tnds/export.ts';

export function getNode(
  env: OpEnv,
  segments: readonly string[],
  written: string,
  query: UriQuery,
): GetOutcome {
  const node = env.core.resolve(segments);
  if (node === undefined) return { status: 404 };
  switch (query.kind) {
    case 'prop':
      return getProperty(env, node, query.name);
    case 'list':
      return listStruct(env, node, written, query.list === 'StructData');
    case 'tnds':
      return exportTnds(env, node, query.select);
    case 'none': {
      if (!supports(env, node, 'Get')) return { status: 405 };
      if (!granted(env, node, 'Get')) return { status: 425 };
      if (node.children) {
        const data = [...node.children.keys()].join('/');
        return { status: 200, result: { kind: 'value', format: 'node', type: node.type, data } };
      }
      return {
        status: 200,
        result: { kind: 'value', format: node.format, type: node.type, data: node.value },
      };
    }
    default: {
      const never: never = query;
      return never;
    }
  }
}
