import type { UiMode } from '../../notification/index.ts';
import type { DeviceRecord } from './store.ts';

/**
 * The Notifier port: delivers a server-alerted notification (package #0, reference §4) to a device so
 * it opens a session. The core builds and signs the package; an adapter carries the bytes (HTTP POST
 * or UDP to the agent's listener, WAP push, SMS) to `device.notifyAddress`.
 */
export interface NotificationRequest {
  readonly device: DeviceRecord;
  /** The package #0 bytes: digest, header, server identifier. */
  readonly package0: Uint8Array;
  /** The 16-bit session id inside it; the device uses it as the SessionID of the session it opens. */
  readonly sessionId: number;
  readonly uiMode: UiMode;
}

export type NotifyResult =
  { readonly delivered: true } | { readonly delivered: false; readonly reason: string };

export interface Notifier {
  notify(request: NotificationRequest): Promise<NotifyResult>;
}
