import type { Get, Item, Meta, Results } from '../../../syncml/index.ts';
import { STATUS } from '../codes.ts';
import { transmittedSize } from '../large-object/sizes.ts';
import type { ResultItem } from '../ports/tree-port.ts';
import type { ExecEnv, OutEntry, Outcome } from './env.ts';
import { forEachItem, targetOf } from './per-item.ts';

const DEFAULT_TYPE = 'text/plain';
/** False for characters XML 1.0 §2.2 cannot carry at all, not even as character references. */
function isXmlChar(code: number): boolean {
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  return code !== 0xfffe && code !== 0xffff;
}

function xmlCanCarry(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isXmlChar(text.charCodeAt(i))) return false;
  return text.isWellFormed();
}

/** False when a text value or URI of the result could not be written in the XML reply. */
function representable(result: ResultItem, encoding: ExecEnv['encoding']): boolean {
  if (encoding !== 'xml') return true;
  return xmlCanCarry(result.uri) && (typeof result.data !== 'string' || xmlCanCarry(result.data));
}

/** Results Item: Source LocURI = the node, Meta Format always, Type unless the default (reference §2.3). */
function resultItem(result: ResultItem): Item {
  const meta: Meta = { format: result.format };
  if (result.type !== '' && result.type !== DEFAULT_TYPE) meta.type = result.type;
  const item: Item = { source: { locURI: result.uri }, meta };
  if (result.data !== undefined) item.data = result.data;
  return item;
}

/**
 * Get (DM 1.2 RepPro §6.6.9): one Status per Item, then one Results holding the values (reference
 * §2.3: Results follow their Status). A value over the server's MaxObjSize is refused with 413
 * (reference §2.9) rather than sent; a text XML cannot carry (a C0 control character) with 415.
 */
export function executeGet(command: Get, env: ExecEnv, out: OutEntry[]): Outcome {
  const items: Item[] = [];
  const outcome = forEachItem(command, env, out, (item) => {
    const uri = targetOf(item);
    if (uri === undefined) return STATUS.BAD_REQUEST;
    const got = env.tree.get(uri);
    if (!('items' in got)) return String(got.status);
    const limit = env.serverMaxObjSize;
    if (limit !== undefined && got.items.some((r) => (transmittedSize(r.data) ?? 0) > limit))
      return STATUS.TOO_LARGE;
    // A value the reply's encoding cannot carry: the Get fails rather than the whole message.
    if (!got.items.every((r) => representable(r, env.encoding))) return STATUS.UNSUPPORTED_FORMAT;
    for (const result of got.items) items.push(resultItem(result));
    return STATUS.OK;
  });
  if (items.length > 0) {
    const results: Results = {
      kind: 'Results',
      cmdID: '',
      msgRef: env.msgRef,
      cmdRef: command.cmdID,
      targetRefs: [],
      sourceRefs: [],
      items,
    };
    out.push({ command: results });
  }
  return outcome;
}
