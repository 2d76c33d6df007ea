import type { Replace } from '../../../syncml/index.ts';
import { commandStatus } from '../statuses.ts';
import type { IntakeContext } from './context.ts';
import { textOf } from './item-data.ts';

/**
 * The client's Replace of its DevInfo (package #1, reference §2.1): one item per ./DevInfo leaf,
 * Source/LocURI naming it. A client may send no other Replace (405).
 */
export function handleReplace(ctx: IntakeContext, replace: Replace): void {
  const values: Record<string, string> = {};
  for (const item of replace.items) {
    const uri = devInfoUri(item.source?.locURI ?? item.target?.locURI);
    if (uri === null) {
      ctx.replies.push(commandStatus(ctx.msgRef, replace, 405));
      return;
    }
    values[uri] = textOf(item.data, ctx.markupToText);
  }
  Object.assign(ctx.draft.devInfo, values);
  ctx.effects.push({ type: 'device-info', devInfo: { ...ctx.draft.devInfo } });
  ctx.replies.push(commandStatus(ctx.msgRef, replace, 200));
}

/** `./DevInfo/Man` for `./DevInfo/Man` or `DevInfo/Man` (relative URIs, reference §7.1); else null. */
function devInfoUri(uri: string | undefined): string | null {
  if (uri === undefined) return null;
  const absolute = uri.startsWith('./') ? uri : `./${uri}`;
  return absolute.startsWith('./DevInfo/') && absolute.length > './DevInfo/'.length ? absolute : null;
}
