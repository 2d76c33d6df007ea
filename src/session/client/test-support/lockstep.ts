/**
 * The lockstep test driver (used by *.test.ts only): plays a scripted server against a client
 * session, encoding every server message with src/syncml in the session's encoding and decoding
 * every client message, so each test checks the client's replies as a server would see them.
 */
import { decodeMessage, encodeMessage, contentTypeFor } from '../../../syncml/index.ts';
import type { MessageEncoding, SyncMLMessage } from '../../../syncml/index.ts';
import type { ClientSession, Step } from '../types.ts';

export interface Sent {
  readonly step: Extract<Step, { kind: 'send' }>;
  readonly message: SyncMLMessage;
}

export class Lockstep {
  readonly session: ClientSession;
  readonly encoding: MessageEncoding;
  /** Every client message so far, in order. */
  readonly sent: Sent[] = [];
  last: Step | undefined;

  constructor(session: ClientSession, encoding: MessageEncoding) {
    this.session = session;
    this.encoding = encoding;
  }

  #record(step: Step): Step {
    this.last = step;
    if (step.kind === 'send') {
      const decoded = decodeMessage(step.body, step.contentType);
      this.sent.push({ step, message: decoded.message });
    }
    return step;
  }

  /** Package #1, decoded. Throws when the session did not send. */
  start(): SyncMLMessage {
    return this.#expectSent(this.#record(this.session.start()));
  }

  /** Feeds a server message (encoded here) and returns the session's step. */
  feed(server: SyncMLMessage, headers: Record<string, string> = {}): Step {
    const body = encodeMessage(server, this.encoding);
    return this.feedBytes(body, headers);
  }

  feedBytes(
    body: Uint8Array,
    headers: Record<string, string> = {},
    contentType = contentTypeFor(this.encoding),
  ): Step {
    return this.#record(
      this.session.receive({ body, contentType, headers: { 'content-type': contentType, ...headers } }),
    );
  }

  /** Feeds a server message and returns the client's decoded reply; throws when it did not send. */
  exchange(server: SyncMLMessage, headers: Record<string, string> = {}): SyncMLMessage {
    return this.#expectSent(this.feed(server, headers));
  }

  #expectSent(step: Step): SyncMLMessage {
    if (step.kind !== 'send') {
      const why = step.kind === 'failed' ? `${step.error.code}: ${step.error.message}` : 'done';
      throw new Error(`expected the client to send a message, but the session ended: ${why}`);
    }
    const last = this.sent[this.sent.length - 1];
    if (last === undefined) throw new Error('no message recorded');
    return last.message;
  }

  /** The last client message. */
  get lastSent(): Sent {
    const last = this.sent[this.sent.length - 1];
    if (last === undefined) throw new Error('the client has sent nothing yet');
    return last;
  }
}

export const ENCODINGS: readonly MessageEncoding[] = ['xml', 'wbxml'];
