/**
 * Test helpers (not exported from index.ts): a minimal DM client that applies SyncML commands to a
 * DmTree the way the client session does, so that operation builders are checked against the real
 * SCOMO MO, and a device fixture.
 */
import { decodeMessage, encodeMessage } from '../syncml/index.ts';
import type { Command, Item } from '../syncml/index.ts';
import { DmTree } from '../tree/index.ts';
import type { OpContext } from '../tree/index.ts';
import { mountScomoMo } from './device/mo.ts';
import type { ScomoMo, ScomoMoOptions } from './device/mo.ts';

export const SERVER: OpContext = { serverId: 'srv', now: 1_700_000_000_000 };

export interface Device {
  readonly tree: DmTree;
  readonly mo: ScomoMo;
}

export function device(options: Omit<ScomoMoOptions, 'tree'> = {}): Device {
  const tree = new DmTree({ clock: { now: () => SERVER.now ?? 0 } });
  const mo = mountScomoMo({ tree, ...options });
  return { tree, mo };
}

export interface Reply {
  readonly cmdID: string;
  readonly cmd: string;
  readonly target?: string;
  readonly status: number;
  readonly results?: Item[];
}

function itemTarget(item: Item): string {
  return item.target?.locURI ?? '';
}

function nodeItem(item: Item): { format?: string; type?: string; data?: string | Uint8Array } {
  const data = item.data;
  return {
    ...(item.meta?.format === undefined ? {} : { format: item.meta.format }),
    ...(item.meta?.type === undefined ? {} : { type: item.meta.type }),
    ...(typeof data === 'string' || data instanceof Uint8Array ? { data } : {}),
  };
}

/** Applies commands in order; one Reply per item (Atomic/Sequence: one for the container, then its own). */
export function run(tree: DmTree, commands: readonly Command[], ctx: OpContext = SERVER): Reply[] {
  const out: Reply[] = [];
  for (const command of commands) {
    switch (command.kind) {
      case 'Add':
      case 'Replace':
        for (const item of command.items) {
          const target = itemTarget(item);
          const status =
            command.kind === 'Add'
              ? tree.add(target, nodeItem(item), ctx)
              : tree.replace(target, nodeItem(item), ctx);
          out.push({ cmdID: command.cmdID, cmd: command.kind, target, status });
        }
        break;
      case 'Delete':
        for (const item of command.items) {
          const target = itemTarget(item);
          out.push({ cmdID: command.cmdID, cmd: 'Delete', target, status: tree.delete(target, ctx) });
        }
        break;
      case 'Exec':
        for (const item of command.items) {
          const target = itemTarget(item);
          const request = command.correlator === undefined ? {} : { correlator: command.correlator };
          out.push({
            cmdID: command.cmdID,
            cmd: 'Exec',
            target,
            status: tree.exec(target, request, ctx).status,
          });
        }
        break;
      case 'Get':
        for (const item of command.items) {
          const target = itemTarget(item);
          const got = tree.get(target, ctx);
          if (got.status !== 200) {
            out.push({ cmdID: command.cmdID, cmd: 'Get', target, status: got.status });
            continue;
          }
          const r = got.result;
          const results: Item[] =
            r.kind === 'value'
              ? [
                  {
                    source: { locURI: target.replace(/\?.*$/, '') },
                    meta: { format: r.format, type: r.type },
                    data: r.data,
                  },
                ]
              : r.kind === 'list'
                ? r.entries.map((e) => ({
                    source: { locURI: e.uri },
                    meta: { format: e.format, ...(e.type === '' ? {} : { type: e.type }) },
                    ...(e.data === undefined ? {} : { data: e.data }),
                  }))
                : [];
          out.push({ cmdID: command.cmdID, cmd: 'Get', target, status: 200, results });
        }
        break;
      case 'Atomic': {
        const tx = tree.begin();
        const inner = run(tree, command.commands, ctx);
        const ok = inner.every((r) => r.status >= 200 && r.status < 300);
        if (ok) tx.commit();
        else tx.rollback();
        out.push({ cmdID: command.cmdID, cmd: 'Atomic', status: ok ? 200 : 507 }, ...inner);
        break;
      }
      case 'Sequence':
        out.push({ cmdID: command.cmdID, cmd: 'Sequence', status: 200 }, ...run(tree, command.commands, ctx));
        break;
      default:
        throw new Error(`test client does not run ${command.kind}`);
    }
  }
  return out;
}

/** Get's Results data of one leaf as the server sees it. */
export function leaf(tree: DmTree, uri: string, ctx: OpContext = SERVER): string | undefined {
  const got = tree.get(uri, ctx);
  if (got.status !== 200 || got.result.kind !== 'value') return undefined;
  const data = got.result.data;
  return typeof data === 'string' ? data : undefined;
}

const HEADER = {
  verDTD: '1.2',
  verProto: 'DM/1.2',
  sessionID: '1',
  msgID: '1',
  target: { locURI: 'IMEI:490154203237518' },
  source: { locURI: 'https://dm.example.com/dm' },
};

const CONTENT_TYPE = {
  xml: 'application/vnd.syncml.dm+xml',
  wbxml: 'application/vnd.syncml.dm+wbxml',
} as const;

/** Encodes commands as a message body in `encoding` and decodes them back (proves they are valid). */
export function throughCodec(commands: readonly Command[], encoding: 'xml' | 'wbxml'): Command[] {
  const bytes = encodeMessage({ header: HEADER, body: [...commands], final: true }, encoding);
  return decodeMessage(bytes, CONTENT_TYPE[encoding]).message.body;
}

/** The XML text of a message carrying `commands`. */
export function asXml(commands: readonly Command[]): string {
  return new TextDecoder().decode(encodeMessage({ header: HEADER, body: [...commands], final: true }, 'xml'));
}
