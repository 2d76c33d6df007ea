import type { Command, EmbeddedMarkup } from '../../../syncml/index.ts';
import type { SessionState } from '../state.ts';
import type { Effect, IncomingMessage } from '../types.ts';

/** What a handler of one client command reads and writes while a message is processed. */
export interface IntakeContext {
  readonly draft: SessionState;
  readonly input: IncomingMessage;
  readonly effects: Effect[];
  /** Our answers to the client's commands (Status, Alert 1225), in order, for the next message. */
  readonly replies: Command[];
  /** The client's MsgID: MsgRef of our statuses. */
  readonly msgRef: string;
  /** Serialises embedded markup (TNDS in Results) as text. */
  readonly markupToText: (markup: EmbeddedMarkup) => string;
  /** The client refused our credentials in this message (its Status for our SyncHdr was 401/407). */
  headerRejected: boolean;
  /** How many commands were put back at the head of the outbox in this message (keeps their order). */
  requeued: number;
}
