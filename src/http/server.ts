import { fastify, LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { DmServer } from '../server/index.ts';
import { dmRoutes } from './dm/route.ts';
import { httpError } from './errors.ts';
import { healthRoutes } from './health.ts';
import type { HealthCheck } from './health.ts';

export interface TlsOptions {
  /** PEM certificate chain. */
  readonly cert: string | Uint8Array;
  /** PEM private key. */
  readonly key: string | Uint8Array;
}

export interface HttpServerOptions {
  /** The DM server core (createDmServer). */
  readonly server: DmServer;
  /** A pino logger (or anything fastify accepts as `loggerInstance`); silent when omitted. */
  readonly logger?: FastifyBaseLogger;
  /** Path of the DM endpoint; default: the path of the core's publicUrl (e.g. `/dm`). */
  readonly dmPath?: string;
  /** Largest DM request body in bytes (default 4 MiB); larger bodies get 413 without being buffered. */
  readonly bodyLimit?: number;
  /** A request must arrive whole within this many ms (default 30 000; slow-loris guard). */
  readonly requestTimeoutMs?: number;
  /** Idle keep-alive connections close after this many ms (default 65 000, above common LB idle timeouts). */
  readonly keepAliveTimeoutMs?: number;
  /** Serve HTTPS with this certificate and key. */
  readonly tls?: TlsOptions | null;
  /** Extra readiness check for GET /healthz (e.g. that the store answers). */
  readonly healthCheck?: HealthCheck | null;
}

export const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * The DM server's HTTP adapter (DESIGN.md L5): `POST /dm` and `GET /healthz` on fastify. Returns the
 * fastify instance, not yet listening: `await app.listen({ host, port })`, `await app.close()`.
 * Closing answers 503 to new requests, lets requests in progress finish and closes idle
 * connections.
 */
export function buildHttpServer(options: HttpServerOptions): FastifyInstance {
  const bodyLimit = positive('bodyLimit', options.bodyLimit ?? DEFAULT_BODY_LIMIT);
  const requestTimeout = positive('requestTimeoutMs', options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  const keepAliveTimeout = positive(
    'keepAliveTimeoutMs',
    options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  );
  const dmPath = options.dmPath ?? new URL(options.server.options.publicUrl).pathname;
  if (!dmPath.startsWith('/')) {
    throw httpError('SCOMO_HTTP_BAD_OPTION', `dmPath must start with "/", got "${dmPath}".`);
  }
  let stopping = false;
  const base = {
    bodyLimit,
    requestTimeout,
    keepAliveTimeout,
    forceCloseConnections: 'idle' as const,
    return503OnClosing: true,
    // One line per DM message at debug level is ours (route.ts); fastify's two per request would
    // double the log volume of a busy node.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true },
    ...(options.logger === undefined ? {} : { loggerInstance: options.logger }),
  };
  const app =
    options.tls === undefined || options.tls === null
      ? fastify(base)
      : // fastify types an HTTPS instance with https.Server as its raw server; every route and hook
        // used here is the same for both, so the instance is typed as the plain HTTP one.
        (fastify({
          ...base,
          https: { cert: toPem(options.tls.cert), key: toPem(options.tls.key) },
        }) as unknown as FastifyInstance);
  app.addHook('preClose', async () => {
    stopping = true;
  });
  void app.register(dmRoutes, { server: options.server, path: dmPath, bodyLimit });
  void app.register(healthRoutes, { check: options.healthCheck ?? null, stopping: () => stopping });
  return app as unknown as FastifyInstance;
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw httpError('SCOMO_HTTP_BAD_OPTION', `${name} must be a positive integer, got ${String(value)}.`);
  }
  return value;
}

function toPem(value: string | Uint8Array): string | Buffer {
  return typeof value === 'string' ? value : Buffer.from(value);
}
