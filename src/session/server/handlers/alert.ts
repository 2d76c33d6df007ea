import type { Alert } from '../../../syncml/index.ts';
import { abandonLargeObject } from '../large-object.ts';
import { commandStatus } from '../statuses.ts';
import type { ClientAlert } from '../types.ts';
import type { IntakeContext } from './context.ts';
import { storedData } from './item-data.ts';

// Alert codes the client may send (reference §2.6).
const SESSION_START = new Set(['1200', '1201']);
const NEXT_MESSAGE = '1222';
const SESSION_ABORT = '1223';
const CLIENT_EVENT = '1224';
const NO_END_OF_DATA = '1225';
const GENERIC_ALERT = '1226';

/** An Alert from the client. Every Alert gets a Status, 1222 included (reference §2.5). */
export function handleAlert(ctx: IntakeContext, alert: Alert): void {
  const code = alert.data?.trim();
  ctx.replies.push(commandStatus(ctx.msgRef, alert, statusFor(ctx, alert, code)));
}

function statusFor(ctx: IntakeContext, alert: Alert, code: string | undefined): number {
  if (code === undefined || code === '') return 412; // Alert without its code: incomplete command
  if (SESSION_START.has(code) || code === NEXT_MESSAGE) return 200;
  if (code === SESSION_ABORT) {
    // Reference §2.6: the server answers with Status for the Alert and SyncHdr only.
    ctx.draft.pending.ending = 'aborted';
    return 200;
  }
  if (code === NO_END_OF_DATA) {
    abandonLargeObject(
      ctx.draft,
      ctx.effects,
      'The client sent Alert 1225 (no end of data) for our large object.',
    );
    return 200;
  }
  if (code === GENERIC_ALERT || code === CLIENT_EVENT) return intake(ctx, alert, code);
  // UI alerts 1100–1104 go server → client only; anything else is not an alert the client may send.
  return 405;
}

/**
 * Generic Alert / Client Event (reference §2.10): every item is handed to the core to store and
 * dispatch by its Meta Type. Items are mandatory; a chunked alert item (MoreData) is not supported.
 */
function intake(ctx: IntakeContext, alert: Alert, code: string): number {
  if (alert.items.length === 0) return 412;
  if (alert.items.some((item) => item.moreData === true)) return 406;
  for (const [index, item] of alert.items.entries()) {
    const clientAlert: ClientAlert = {
      id: `${ctx.draft.token}/${ctx.msgRef}/${alert.cmdID}/${index}`,
      alertCode: code,
      correlator: alert.correlator ?? null,
      type: item.meta?.type ?? null,
      format: item.meta?.format ?? null,
      mark: item.meta?.mark ?? null,
      source: item.source?.locURI ?? null,
      target: item.target?.locURI ?? null,
      ...storedData(item.data, ctx.markupToText),
    };
    ctx.effects.push({ type: 'client-alert', alert: clientAlert });
  }
  return 200;
}
