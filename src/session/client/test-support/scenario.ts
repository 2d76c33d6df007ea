/** A started session with its lockstep driver (used by *.test.ts only). */
import type { Chal, Command, MessageEncoding, SyncMLMessage } from '../../../syncml/index.ts';
import type { DmTree } from '../../../tree/index.ts';
import { createClientSession } from '../session.ts';
import type { ClientSessionOptions } from '../types.ts';
import { sessionOptions, testTree } from './fixtures.ts';
import type { TreeSetup } from './fixtures.ts';
import { Lockstep } from './lockstep.ts';
import { headerStatusFor, message, serverHeader, statusesFor } from './server-messages.ts';
import type { ServerHeaderOptions } from './server-messages.ts';

export interface Scenario {
  readonly tree: DmTree;
  readonly driver: Lockstep;
  /** Package #1 as the server decoded it. */
  readonly package1: SyncMLMessage;
  /** The server's next MsgID. */
  serverMsgId: number;
}

export function begin(
  encoding: MessageEncoding,
  overrides: Partial<ClientSessionOptions> = {},
  setup: TreeSetup = {},
  flags: { readonly withoutUi?: boolean } = {},
): Scenario {
  const tree = testTree(setup);
  const { ui, ...options } = sessionOptions(tree, { encoding, ...overrides });
  const session = createClientSession(
    flags.withoutUi === true || ui === undefined ? options : { ...options, ui },
  );
  const driver = new Lockstep(session, encoding);
  const package1 = driver.start();
  return { tree, driver, package1, serverMsgId: 1 };
}

export interface ReplyOptions extends ServerHeaderOptions {
  /** Status for the client's SyncHdr (default 212 for the first answer, then 200). */
  readonly headerCode?: string;
  readonly chal?: Chal;
  readonly final?: boolean;
  /** Statuses for the client's Alerts/Replace (default true). */
  readonly ackCommands?: boolean;
}

/** The server's answer to the client's last message: SyncHdr Status, Statuses, then `commands`. */
export function serverReply(
  scenario: Scenario,
  commands: Command[],
  options: ReplyOptions = {},
): SyncMLMessage {
  const client = scenario.driver.lastSent.message;
  const code = options.headerCode ?? (scenario.serverMsgId === 1 ? '212' : '200');
  const body: Command[] = [headerStatusFor(client, code, options.chal)];
  if (options.ackCommands !== false) body.push(...statusesFor(client, '200', 2));
  body.push(...commands);
  return message(serverHeader(client, scenario.serverMsgId++, options), body, options.final ?? true);
}

/** Sends the server's answer and returns the client's decoded reply (throws when it did not reply). */
export function exchange(scenario: Scenario, commands: Command[], options: ReplyOptions = {}): SyncMLMessage {
  return scenario.driver.exchange(serverReply(scenario, commands, options));
}
