import { Agent } from 'undici';
import type { NotificationRequest, Notifier, NotifyResult } from '../../server/index.ts';
import { httpError } from '../errors.ts';
import { parseNotifyAddress } from './address.ts';
import type { NotifyTarget } from './address.ts';
import { postPackage0 } from './http.ts';
import { sendDatagram } from './udp.ts';

/** Where the notifier reports each attempt (a pino logger fits). */
export interface NotifierLogger {
  debug(fields: Readonly<Record<string, unknown>>, message: string): void;
  warn(fields: Readonly<Record<string, unknown>>, message: string): void;
}

export interface Package0NotifierOptions {
  /** Per attempt: connect + answer for HTTP (default 5000 ms). */
  readonly timeoutMs?: number;
  /** Used for devices whose record has no notifyAddress (e.g. a test bench with one agent). */
  readonly defaultAddress?: string | null;
  readonly logger?: NotifierLogger;
}

export interface Package0Notifier extends Notifier {
  /** Closes pooled HTTP connections. */
  close(): Promise<void>;
}

const SILENT: NotifierLogger = { debug: () => undefined, warn: () => undefined };

/**
 * The Notifier port over IP bearers (reference §4.3): package #0 to the agent's HTTP listener or UDP
 * port named by the device's notifyAddress (src/http/notifier/address.ts). Never throws for a device
 * problem: an unusable address or a failed delivery is a `{ delivered: false, reason }`.
 */
export function createPackage0Notifier(options: Package0NotifierOptions = {}): Package0Notifier {
  const timeoutMs = options.timeoutMs ?? 5000;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) {
    throw httpError(
      'SCOMO_HTTP_BAD_OPTION',
      `timeoutMs must be a positive integer, got ${String(timeoutMs)}.`,
    );
  }
  const fallback = options.defaultAddress ?? null;
  // Checked once here so a typo in the configuration fails at start, not at the first wake-up.
  if (fallback !== null) parseNotifyAddress(fallback);
  const logger = options.logger ?? SILENT;
  const dispatcher = new Agent({ connectTimeout: timeoutMs, keepAliveTimeout: 10_000, connections: 64 });

  const attempt = async (target: NotifyTarget, bytes: Uint8Array): Promise<NotifyResult> => {
    try {
      if (target.kind === 'udp') {
        await sendDatagram(target.host, target.port, bytes);
        return { delivered: true };
      }
      const answer = await postPackage0(dispatcher, target.url, bytes, timeoutMs);
      return answer.ok ? { delivered: true } : { delivered: false, reason: answer.reason };
    } catch (error) {
      return { delivered: false, reason: error instanceof Error ? error.message : String(error) };
    }
  };

  return {
    async notify(request: NotificationRequest): Promise<NotifyResult> {
      const { devId } = request.device;
      const address = request.device.notifyAddress ?? fallback;
      if (address === null) return { delivered: false, reason: `device ${devId} has no notify address` };
      let targets: NotifyTarget[];
      try {
        targets = parseNotifyAddress(address);
      } catch (error) {
        return { delivered: false, reason: error instanceof Error ? error.message : String(error) };
      }
      const failures: string[] = [];
      for (const target of targets) {
        const where = target.kind === 'udp' ? `udp://${target.host}:${target.port}` : target.url;
        const result = await attempt(target, request.package0);
        if (result.delivered) {
          logger.debug({ devId, to: where, sessionId: request.sessionId }, 'package #0 sent');
          return result;
        }
        failures.push(`${where}: ${result.reason}`);
        logger.warn({ devId, to: where, reason: result.reason }, 'package #0 not delivered');
      }
      return { delivered: false, reason: failures.join('; ') };
    },
    close: () => dispatcher.close(),
  };
}
