// HTTP adapters of the DM server (L5): the DM endpoint and health check on fastify, and the Notifier
// that carries package #0 to a device over HTTP or UDP.
export { buildHttpServer, DEFAULT_BODY_LIMIT } from './server.ts';
export type { HttpServerOptions, TlsOptions } from './server.ts';
export type { HealthCheck, HealthReport } from './health.ts';
export { HTTP_STATUS_FOR_CODE, statusForError } from './dm/statuses.ts';
export { HTTP_ERROR_CODES } from './errors.ts';
export type { HttpErrorCode } from './errors.ts';
export { createPackage0Notifier } from './notifier/notifier.ts';
export type { NotifierLogger, Package0Notifier, Package0NotifierOptions } from './notifier/notifier.ts';
export { NOTIFY_SCHEMES, parseNotifyAddress } from './notifier/address.ts';
export type { NotifyTarget } from './notifier/address.ts';
export { registerRepository, repositoryRoutes, DD_CONTENT_TYPE } from './repository/index.ts';
export type { RepositoryOptions } from './repository/index.ts';
