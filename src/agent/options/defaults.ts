import type { DeviceDescription } from './types.ts';

/** The version the agent reports as DevInfo/DmV and in User-Agent. */
export const AGENT_VERSION = '0.1.0';

export const DEFAULT_DEVICE: DeviceDescription = {
  manufacturer: 'scomo',
  model: 'scomo-agent',
  dmVersion: `scomo ${AGENT_VERSION}`,
  language: 'en-US',
  deviceType: 'computer',
  oem: 'scomo',
  firmwareVersion: AGENT_VERSION,
  softwareVersion: AGENT_VERSION,
  hardwareVersion: 'generic',
};

export const DEFAULTS = {
  listenHost: '127.0.0.1',
  pollJitter: 0.1,
  connectTimeoutSeconds: 10,
  timeoutSeconds: 30,
  retries: 3,
  retryDelayMs: 1_000,
  retryMaxDelayMs: 30_000,
  maxMsgSize: 64 * 1024,
  maxObjSize: 4 * 1024 * 1024,
  maxResponseBytes: 32 * 1024 * 1024,
} as const;
