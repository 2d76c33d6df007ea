import { notificationError } from './errors.ts';
import { triggerDigest } from './digest.ts';
import { checkSessionId } from './session-id.ts';
import { utf8 } from '../security/index.ts';
import {
  INITIATORS,
  PKG0_DIGEST_LENGTH,
  PKG0_HEADER_LENGTH,
  PKG0_MAX_SERVER_ID_LENGTH,
  PKG0_MAX_VERSION,
  PKG0_MIN_VERSION,
  PKG0_VERSION,
  UI_MODES,
} from './vocabulary.ts';
import type { TriggerFields, TriggerSecret } from './types.ts';

/**
 * The trigger bytes (header + server identifier + vendor data) of package #0. Layout, big-endian
 * (DM 1.2 Notification §6.2; reference §4.1): version 10 bits, ui-mode 2, initiator 1,
 * future-use 27 (zero), sessionid 16, length-identifier 8, then the server identifier.
 */
export function encodeTriggerBody(fields: TriggerFields): Uint8Array {
  const version = fields.version ?? PKG0_VERSION;
  if (!Number.isInteger(version) || version < PKG0_MIN_VERSION || version > PKG0_MAX_VERSION) {
    throw notificationError(
      'SCOMO_PKG0_UNSUPPORTED_VERSION',
      `Package #0 version ${String(version)} is not supported; expected ${PKG0_MIN_VERSION}..${PKG0_MAX_VERSION} (11 is standard).`,
    );
  }
  const ui = UI_MODES.indexOf(fields.uiMode);
  if (ui < 0) {
    throw notificationError(
      'SCOMO_PKG0_BAD_FIELD',
      `Unknown ui-mode '${String(fields.uiMode)}'; expected one of ${UI_MODES.join(', ')}.`,
    );
  }
  const initiator = INITIATORS.indexOf(fields.initiator);
  if (initiator < 0) {
    throw notificationError(
      'SCOMO_PKG0_BAD_FIELD',
      `Unknown initiator '${String(fields.initiator)}'; expected client or server.`,
    );
  }
  checkSessionId(fields.sessionId);
  const id = utf8(fields.serverId);
  if (id.length === 0) {
    throw notificationError(
      'SCOMO_PKG0_EMPTY_SERVER_ID',
      'Package #0 needs a server identifier (the DMAcc ServerID).',
    );
  }
  if (id.length > PKG0_MAX_SERVER_ID_LENGTH) {
    throw notificationError(
      'SCOMO_PKG0_SERVER_ID_TOO_LONG',
      `Server identifier is ${id.length} bytes; length-identifier is one byte, so at most ${PKG0_MAX_SERVER_ID_LENGTH}.`,
    );
  }
  const vendor = fields.vendorData ?? new Uint8Array(0);
  const out = new Uint8Array(PKG0_HEADER_LENGTH + id.length + vendor.length);
  out[0] = version >> 2;
  out[1] = ((version & 0b11) << 6) | (ui << 4) | (initiator << 3);
  // out[2..4] and the low 3 bits of out[1]: future-use, zero.
  out[5] = fields.sessionId >> 8;
  out[6] = fields.sessionId & 0xff;
  out[7] = id.length;
  out.set(id, PKG0_HEADER_LENGTH);
  out.set(vendor, PKG0_HEADER_LENGTH + id.length);
  return out;
}

/** A complete package #0: the digest over the trigger, then the trigger. */
export function encodeTrigger(fields: TriggerFields, secret: TriggerSecret): Uint8Array {
  const trigger = encodeTriggerBody(fields);
  const identifier = secret.serverIdentifier ?? fields.serverId;
  const digest = triggerDigest(identifier, secret.serverPassword, secret.nonce, trigger);
  const out = new Uint8Array(PKG0_DIGEST_LENGTH + trigger.length);
  out.set(digest, 0);
  out.set(trigger, PKG0_DIGEST_LENGTH);
  return out;
}
