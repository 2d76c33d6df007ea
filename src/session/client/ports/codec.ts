/** The message codec as the engine uses it (src/syncml), in one place. */
import { contentTypeFor, decodeMessage, encodeMessage } from '../../../syncml/index.ts';
import type { SyncMLMessage } from '../../../syncml/index.ts';
import type { MessageEncoding } from '../../../syncml/index.ts';
import { sessionError } from '../errors.ts';

/** Encodes our message; a model the codec cannot write is SCOMO_SESSION_ENCODE_FAILED (cause kept). */
export function encode(message: SyncMLMessage, encoding: MessageEncoding): Uint8Array {
  try {
    return encodeMessage(message, encoding);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw sessionError(
      'SCOMO_SESSION_ENCODE_FAILED',
      `Our reply cannot be encoded as ${encoding}: ${detail}`,
      err,
    );
  }
}

export function decode(body: Uint8Array, contentType: string): SyncMLMessage {
  return decodeMessage(body, contentType).message;
}

export function contentTypeOf(encoding: MessageEncoding): string {
  return contentTypeFor(encoding);
}
