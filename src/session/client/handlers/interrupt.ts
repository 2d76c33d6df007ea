import type { Item } from '../../../syncml/index.ts';
import { ALERT } from '../codes.ts';
import type { ExecEnv, OutEntry } from './env.ts';

/**
 * A large object was interrupted by another command or Item (or the server's message ended without
 * its next chunk): discard it and send Alert 1225 "no end of data" naming the broken Item's Target
 * and Source (DM 1.2 Protocol §6.1.9, reference §2.8).
 */
export function interruptPendingObject(env: ExecEnv, out: OutEntry[]): void {
  const broken = env.inbound.abandon();
  if (broken === undefined) return;
  const item: Item = { target: { locURI: broken.uri } };
  if (broken.source !== undefined) item.source = { locURI: broken.source };
  out.push({ command: { kind: 'Alert', cmdID: '', data: ALERT.NO_END_OF_DATA, items: [item] } });
}
