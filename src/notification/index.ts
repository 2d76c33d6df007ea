// Package #0, the server-alerted notification of DM 1.2 (reference §4): encode, decode, verify
// the digest (with nonce resynchronisation), SessionID text, and optional WAP-push framing.
export { NOTIFICATION_ERROR_CODES } from './errors.ts';
export type { NotificationErrorCode } from './errors.ts';
export {
  UI_MODES,
  INITIATORS,
  PKG0_VERSION,
  PKG0_MIN_VERSION,
  PKG0_MAX_VERSION,
  PKG0_DIGEST_LENGTH,
  PKG0_HEADER_LENGTH,
  PKG0_MIN_LENGTH,
  PKG0_MAX_SERVER_ID_LENGTH,
  PKG0_MAX_SESSION_ID,
  resyncNonce,
} from './vocabulary.ts';
export type { UiMode, Initiator } from './vocabulary.ts';
export { TRIGGER_VERDICTS } from './types.ts';
export type { TriggerFields, TriggerSecret, DecodedTrigger, TriggerVerdict } from './types.ts';
export { encodeTrigger, encodeTriggerBody } from './encode.ts';
export { decodeTrigger } from './decode.ts';
export { verifyTrigger } from './verify.ts';
export { triggerDigest } from './digest.ts';
export { sessionIdHex } from './session-id.ts';
export {
  wrapWspPush,
  unwrapWspPush,
  WSP_PDU_PUSH,
  WSP_CONTENT_TYPE_NOTIFICATION,
  NOTIFICATION_MIME_TYPE,
  WSP_HEADER_APPLICATION_ID,
  WSP_APP_ID_SYNCML_DM,
  WSP_APP_ID_SYNCML_DM_URI,
  WSP_PUSH_PORT,
} from './wsp.ts';
export type { WspPush } from './wsp.ts';
