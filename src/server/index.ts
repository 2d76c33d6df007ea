// The DM server core (L4): ports, options, device registry, command queue, alert intake, wake-up
// policy and handleMessage. It imports no HTTP framework and no database driver (DESIGN.md).
export * from './ports/store.ts';
export type { Clock, Logger, RandomSource } from './ports/clock.ts';
export { SILENT_LOGGER } from './ports/clock.ts';
export type { Notifier, NotificationRequest, NotifyResult } from './ports/notifier.ts';
export { BLOB_ERROR_CODES, BLOB_KEY, SIDECAR_NAME } from './ports/blob-store.ts';
export type { BlobInfo, BlobRange, BlobStore, PutBlobOptions } from './ports/blob-store.ts';
export { SERVER_ERROR_CODES } from './errors.ts';
export type { ServerErrorCode } from './errors.ts';
export { resolveServerOptions } from './options.ts';
export type {
  RegistrationPolicy,
  ServerCredentialConfig,
  ServerOptions,
  ServerOptionsInput,
  WakePolicy,
} from './options.ts';
export { createDmServer } from './server.ts';
export type { DmServer, DmServerDeps, SweepResult } from './server.ts';
export type { DmRequest, DmResponse } from './handle-message.ts';
export { DeviceRegistry } from './registry.ts';
export type { CredentialInput, DeviceLookup, ProvisionInput } from './registry.ts';
export { CommandQueue } from './queue.ts';
export type { EnqueueOptions, ResolvedListener } from './queue.ts';
export { ANY_ALERT_TYPE, AlertIntake } from './alerts.ts';
export type { AlertHandler } from './alerts.ts';
export type { WakeResult } from './wake.ts';
export { buildPackage0 } from './wake.ts';
export { respUriFor, sessionTokenFromUrl } from './session-token.ts';
// The SCOMO Server: jobs, alerts, inventory, variants, repository content (src/server/scomo).
export * from './scomo/index.ts';
