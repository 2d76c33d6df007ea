import type { DeviceRecord, NewQueuedCommand } from '../../server/index.ts';

/** Test fixtures for the adapters' own tests (the contract suite keeps its own). */
export const T0 = 1_700_000_000_000;

export function device(devId: string, overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    devId,
    enabled: true,
    registeredAt: T0,
    lastSeenAt: null,
    clientCredential: null,
    serverCredential: null,
    clientNonce: null,
    serverNonce: null,
    devInfo: {},
    devDetail: {},
    quirks: [],
    notifyAddress: null,
    ...overrides,
  };
}

export function command(
  id: string,
  devId = 'D',
  overrides: Partial<NewQueuedCommand> = {},
): NewQueuedCommand {
  return { id, devId, payload: { id }, enqueuedAt: T0, expiresAt: null, tag: null, ...overrides };
}
