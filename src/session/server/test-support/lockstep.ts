/**
 * A lockstep scripted device for the pure server engine: each message the test writes is encoded in
 * XML or WBXML and decoded again (as the HTTP adapter would), fed to `receiveMessage`, the claim step
 * answered from an in-memory queue, and the reply encoded, checked against the device's MaxMsgSize
 * and decoded. The device side is written by the test, message by message, so that it can do what
 * the real client does (defer Statuses, send its own large object) rather than what is convenient.
 */
import { decodeMessage, encodeMessage, encodedSize, contentTypeFor } from '../../../syncml/index.ts';
import type { Command, Item, Results, Status, SyncMLMessage } from '../../../syncml/index.ts';
import { receiveMessage, supplyCommands } from '../engine.ts';
import type { EngineIO } from '../engine.ts';
import type { CommandOutcome } from '../outcome.ts';
import { newSessionState } from '../state.ts';
import type { SessionEnding, SessionState } from '../state.ts';
import type { DeviceView, Effect, EngineEnv, MessageEncoding } from '../types.ts';

export const SERVER_URI = 'https://dm.example.com/dm';

export interface LockstepOptions {
  readonly encoding: MessageEncoding;
  /** The device's MaxMsgSize, announced in every header; every reply must fit it. */
  readonly maxMsgSize: number;
  /** Queued operation payloads, claimed in order. */
  readonly queue: readonly unknown[];
  readonly claimBatch?: number;
  readonly minChunkSize?: number;
}

export interface ServerTurn {
  /** The reply as the device decodes it. */
  readonly reply: SyncMLMessage;
  readonly ended: boolean;
  readonly effects: readonly Effect[];
}

const DEVICE: DeviceView = {
  devId: 'IMEI:lockstep',
  clientCredential: null,
  serverCredential: null,
  clientNonce: null,
  serverNonce: null,
  devInfo: {},
  quirks: [],
};

export class LockstepDevice {
  readonly options: LockstepOptions;
  readonly env: EngineEnv & EngineIO;
  state: SessionState;
  msgId = 0;
  /** Outcomes by queue id (`q0`, `q1`, … in queue order). */
  readonly outcomes = new Map<string, CommandOutcome>();
  ending: SessionEnding | null = null;
  readonly turns: ServerTurn[] = [];
  #claimed = 0;

  constructor(options: LockstepOptions) {
    this.options = options;
    this.env = {
      random: (n) => new Uint8Array(n).fill(7),
      sizeOf: (message) => encodedSize(message, options.encoding),
      markupToText: () => '',
      options: {
        maxAuthAttempts: 3,
        defaultClientMaxMsgSize: null,
        maxMsgSize: 16384,
        maxObjSize: null,
        claimBatch: options.claimBatch ?? 10,
        minChunkSize: options.minChunkSize ?? 64,
        quirkProfiles: [],
      },
    };
    this.state = newSessionState({
      token: 'tok',
      devId: DEVICE.devId,
      sessionId: '1A',
      serverUri: SERVER_URI,
      respUri: `${SERVER_URI}?s=tok`,
      now: 0,
    });
  }

  /** Sends one device message; CmdIDs are numbered here, in order. */
  send(body: readonly Command[], final: boolean): ServerTurn {
    this.msgId += 1;
    const message: SyncMLMessage = {
      header: {
        verDTD: '1.2',
        verProto: 'DM/1.2',
        sessionID: '1A',
        msgID: String(this.msgId),
        target: { locURI: SERVER_URI },
        source: { locURI: DEVICE.devId },
        meta: { maxMsgSize: this.options.maxMsgSize },
      },
      body: body.map((command, i) => ({ ...command, cmdID: String(i + 1) })),
      final,
    };
    const bytes = encodeMessage(message, this.options.encoding);
    const decoded = decodeMessage(bytes, contentTypeFor(this.options.encoding)).message;
    const incoming = {
      message: decoded,
      body: bytes,
      hmacHeader: null,
      encoding: this.options.encoding,
      now: this.msgId,
      device: DEVICE,
    };
    let step = receiveMessage(this.state, incoming, this.env);
    const effects: Effect[] = [...step.effects];
    if (step.next.kind === 'need-commands') {
      const claimed = this.options.queue
        .slice(this.#claimed, this.#claimed + step.next.limit)
        .map((payload, i) => ({ queueId: `q${this.#claimed + i}`, payload }));
      this.#claimed += claimed.length;
      step = supplyCommands(step.state, incoming, claimed, this.env);
      effects.push(...step.effects);
    }
    if (step.next.kind !== 'reply') throw new Error('the engine asked for commands twice');
    this.state = step.state;
    for (const effect of effects) {
      if (effect.type === 'resolve') this.outcomes.set(effect.queueId, effect.outcome);
      if (effect.type === 'session-ended') this.ending = effect.ending;
    }
    const out = encodeMessage(step.next.reply.message, this.options.encoding);
    if (out.length > this.options.maxMsgSize) {
      throw new Error(`reply of ${out.length} bytes exceeds MaxMsgSize ${this.options.maxMsgSize}`);
    }
    const reply = decodeMessage(out, contentTypeFor(this.options.encoding)).message;
    const turn = { reply, ended: step.next.reply.ended, effects };
    this.turns.push(turn);
    return turn;
  }

  /** Package #1: Alert 1201, Final. */
  start(): ServerTurn {
    return this.send([{ kind: 'Alert', cmdID: '', data: '1201', items: [] }], true);
  }
}

export function status(msgRef: string, cmdRef: string, cmd: string, code: number): Status {
  return {
    kind: 'Status',
    cmdID: '',
    msgRef,
    cmdRef,
    cmd,
    targetRefs: [],
    sourceRefs: [],
    data: String(code),
    items: [],
  };
}

/** Status 200 for the SyncHdr of `reply`. */
export function headerOk(reply: SyncMLMessage): Status {
  return status(reply.header.msgID, '0', 'SyncHdr', 200);
}

export function alert1222(): Command {
  return { kind: 'Alert', cmdID: '', data: '1222', items: [] };
}

/** The server's commands other than Status. */
export function commandsOf(message: SyncMLMessage): Command[] {
  return message.body.filter((c) => c.kind !== 'Status');
}

/** The server's Alert 1222s in `message`, answered 200. */
export function ack1222(message: SyncMLMessage): Status[] {
  return commandsOf(message)
    .filter((c) => c.kind === 'Alert' && c.data === '1222')
    .map((c) => status(message.header.msgID, c.cmdID, 'Alert', 200));
}

/** `Kind` for commands, `Alert:1222`, `Status:Cmd:code` — a readable shape of a message body. */
export function shape(message: SyncMLMessage): string[] {
  return message.body.map((c) => {
    if (c.kind === 'Status') return `Status:${c.cmd}:${c.data}`;
    if (c.kind === 'Alert') return `Alert:${c.data ?? ''}`;
    const more = 'items' in c && c.items.some((i) => i.moreData === true) ? '+MoreData' : '';
    return `${c.kind}${more}`;
  });
}

/**
 * `value` as the chunked Results of the Get `cmdRef` in server message `msgRef`: `count` pieces,
 * MoreData on all but the last, Meta Size (UTF-8 bytes) on the first (reference §2.8).
 */
export function resultChunks(
  msgRef: string,
  cmdRef: string,
  source: string,
  value: string,
  count: number,
): Results[] {
  const step = Math.ceil(value.length / count);
  const size = new TextEncoder().encode(value).length;
  const out: Results[] = [];
  for (let i = 0; i < count; i += 1) {
    const item: Item = { source: { locURI: source }, data: value.slice(i * step, (i + 1) * step) };
    if (i === 0) item.meta = { format: 'chr', size };
    if (i < count - 1) item.moreData = true;
    out.push({ kind: 'Results', cmdID: '', msgRef, cmdRef, targetRefs: [], sourceRefs: [], items: [item] });
  }
  return out;
}
