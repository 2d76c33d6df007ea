/**
 * A scripted SCOMO device for server tests: answers the commands the SCOMO service sends (Type
 * probes, Add/Delete/Replace of SCOMO objects, Exec with 202, the inventory Get with StructData or
 * 406 and the plain-Get walk) from a small in-memory model, records the Execs, and builds the
 * OperationComplete alerts a real device would send. Not the agent: just enough to drive the flows.
 */
import type { Alert, Command, Item } from '../../../syncml/index.ts';
import type { DeviceAnswer, Exchange, ScriptedClient } from '../../testing/scripted-client.ts';

export interface FakeComponent {
  node: string;
  id: string;
  version: string;
  state: 10 | 20;
  envType?: string;
}

export interface FakePackage {
  node: string;
  pkgId: string;
  state: 10 | 20;
}

export interface ExecRecord {
  readonly uri: string;
  readonly correlator: string | undefined;
}

function targetOf(command: Command): string {
  return 'items' in command ? (command.items[0]?.target?.locURI ?? '') : '';
}

function leaf(uri: string, data: string, format = 'chr'): Item {
  return { source: { locURI: uri }, meta: { format }, data };
}

export class FakeScomoDevice {
  root: string;
  moId = 'urn:oma:mo:oma-scomo:1.0';
  /** false: `?list=StructData` answers 406 and the server must walk. */
  structData = true;
  /** Status answered to every Exec. */
  execStatus = 202;
  /** Status answered to Adds (e.g. 418 to fail a delivery). */
  addStatus = 200;
  readonly deployed: FakeComponent[] = [];
  readonly delivered: FakePackage[] = [];
  readonly execs: ExecRecord[] = [];
  /** Every command received, as `Kind target`. */
  readonly log: string[] = [];
  /** Leaves written by Adds (URI → data); Data payload sizes by URI. */
  readonly written = new Map<string, string>();
  readonly dataBytes = new Map<string, number>();

  constructor(root = './SCOMO') {
    this.root = root;
  }

  readonly answer: DeviceAnswer = (command) => {
    const target = targetOf(command);
    this.log.push(`${command.kind} ${target}`);
    switch (command.kind) {
      case 'Get':
        return this.#get(target);
      case 'Delete':
        return { status: this.written.has(target) ? 200 : 404 };
      case 'Add':
        for (const item of command.items) {
          const uri = item.target?.locURI ?? '';
          this.written.set(uri, typeof item.data === 'string' ? item.data : '');
        }
        return { status: this.addStatus };
      case 'Replace':
        for (const item of command.items) {
          const data = item.data;
          this.dataBytes.set(
            item.target?.locURI ?? '',
            data instanceof Uint8Array ? data.length : String(data ?? '').length,
          );
        }
        return { status: 200 };
      case 'Exec':
        this.execs.push({ uri: target, correlator: command.correlator });
        return { status: this.execStatus };
      default:
        return { status: 200 };
    }
  };

  #get(target: string): { status: number; results?: Item[] } {
    if (target.endsWith('?prop=Type')) {
      const node = target.slice(0, -'?prop=Type'.length);
      return node === this.root ? { status: 200, results: [leaf(node, this.moId)] } : { status: 404 };
    }
    const facts: Readonly<Record<string, string>> = {
      './DevDetail/FwV': '2.5.1',
      './DevInfo/Man': 'Acme',
      './DevInfo/Mod': 'Rocket',
    };
    const fact = facts[target];
    if (fact !== undefined) return { status: 200, results: [leaf(target, fact)] };
    const inventory = `${this.root}/Inventory`;
    if (target === `${inventory}?list=StructData`) {
      if (!this.structData) return { status: 406 };
      return { status: 200, results: this.#structData() };
    }
    const walked = this.#walk().get(target);
    return walked === undefined
      ? { status: 404 }
      : { status: 200, results: [leaf(target, walked.data, walked.format)] };
  }

  #structData(): Item[] {
    const items: Item[] = [];
    for (const [uri, value] of this.#walk()) {
      if (uri === `${this.root}/Inventory/Deployed` || uri === `${this.root}/Inventory/Delivered`) continue;
      items.push(
        value.format === 'node'
          ? { source: { locURI: uri }, meta: { format: 'node' } }
          : leaf(uri, value.data, value.format),
      );
    }
    return items;
  }

  /** Every readable inventory node: interior nodes list their children. */
  #walk(): Map<string, { data: string; format: string }> {
    const out = new Map<string, { data: string; format: string }>();
    const base = `${this.root}/Inventory`;
    out.set(`${base}/Deployed`, { data: this.deployed.map((c) => c.node).join('/'), format: 'node' });
    out.set(`${base}/Delivered`, { data: this.delivered.map((p) => p.node).join('/'), format: 'node' });
    for (const c of this.deployed) {
      const at = `${base}/Deployed/${c.node}`;
      const leaves: [string, string, string][] = [
        ['ID', c.id, 'chr'],
        ['Version', c.version, 'chr'],
        ['State', String(c.state), 'int'],
        ['Status', '10', 'int'],
        ...(c.envType === undefined ? [] : [['EnvType', c.envType, 'chr'] as [string, string, string]]),
      ];
      out.set(at, { data: [...leaves.map((l) => l[0]), 'Operations'].join('/'), format: 'node' });
      for (const [name, value, format] of leaves) out.set(`${at}/${name}`, { data: value, format });
    }
    for (const p of this.delivered) {
      const at = `${base}/Delivered/${p.node}`;
      out.set(at, { data: 'PkgID/State/Status/Operations', format: 'node' });
      out.set(`${at}/PkgID`, { data: p.pkgId, format: 'chr' });
      out.set(`${at}/State`, { data: String(p.state), format: 'int' });
      out.set(`${at}/Status`, { data: '10', format: 'int' });
    }
    return out;
  }

  /** The OperationComplete Generic Alert for an executed operation (reference §1.8). */
  operationComplete(
    exec: ExecRecord,
    code: number,
    identifier: string,
    options: { target?: string; type?: string; format?: string; correlator?: string | null } = {},
  ): Alert {
    const correlator = options.correlator === undefined ? exec.correlator : (options.correlator ?? undefined);
    return {
      kind: 'Alert',
      cmdID: '1',
      data: '1226',
      ...(correlator === undefined ? {} : { correlator }),
      items: [
        {
          source: { locURI: exec.uri },
          ...(options.target === undefined ? {} : { target: { locURI: options.target } }),
          meta: {
            type: options.type ?? 'urn:oma:at:scomo:1.0:OperationComplete',
            format: options.format ?? 'xml',
            mark: code === 1200 ? 'informational' : 'critical',
          },
          data: `<ResultCode>${code}</ResultCode><Identifier>${identifier}</Identifier>`,
        },
      ],
    };
  }
}

let sessions = 0;

/** Runs one whole device-initiated session: package #1 (plus `extra`), then answers to the end. */
export async function runSession(
  client: ScriptedClient,
  device: FakeScomoDevice,
  extra: Command[] = [],
): Promise<Exchange[]> {
  sessions += 1;
  client.sessionId = sessions.toString(16).toUpperCase();
  client.msgId = 0;
  client.token = null;
  const first = await client.send(client.pkg1(extra));
  return client.run(first, device.answer);
}
