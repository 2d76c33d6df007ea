import { request } from 'undici';
import type { Dispatcher } from 'undici';
import { NOTIFICATION_MIME_TYPE } from '../../notification/index.ts';

export type HttpDelivery =
  { readonly ok: true; readonly status: number } | { readonly ok: false; readonly reason: string };

/** A package #0 answer bigger than this is not read (the agent answers one line of text). */
const MAX_ANSWER_BYTES = 4096;

/**
 * POSTs package #0 to a device's HTTP listener. 2xx is delivered: the agent answers 202 when a session
 * will start and 200 when it already handled that session id (docs/agent.md); any other status is a
 * refusal, reported with the agent's one-line reason.
 */
export async function postPackage0(
  dispatcher: Dispatcher,
  url: string,
  bytes: Uint8Array,
  timeoutMs: number,
): Promise<HttpDelivery> {
  const response = await request(url, {
    dispatcher,
    method: 'POST',
    headers: { 'content-type': NOTIFICATION_MIME_TYPE },
    body: bytes,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
  });
  let answer = '';
  for await (const chunk of response.body) {
    answer += Buffer.from(chunk as Uint8Array).toString('utf8');
    if (answer.length > MAX_ANSWER_BYTES) {
      response.body.destroy();
      break;
    }
  }
  if (response.statusCode >= 200 && response.statusCode < 300)
    return { ok: true, status: response.statusCode };
  return { ok: false, reason: `HTTP ${response.statusCode}: ${answer.trim().slice(0, 200)}` };
}
