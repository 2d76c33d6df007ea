import type { FastifyInstance } from 'fastify';

/** What a readiness check reports; `ok: false` turns /healthz into a 503. */
export interface HealthReport {
  readonly ok: boolean;
  readonly detail?: string;
}

export type HealthCheck = () => HealthReport | Promise<HealthReport>;

export interface HealthOptions {
  readonly check: HealthCheck | null;
  /** True once shutdown began: load balancers stop sending new sessions here. */
  readonly stopping: () => boolean;
}

/** `GET /healthz`: 200 `{"status":"ok"}` while the node serves, 503 when stopping or unhealthy. */
export async function healthRoutes(app: FastifyInstance, options: HealthOptions): Promise<void> {
  app.get('/healthz', async (request, reply) => {
    if (options.stopping()) {
      reply.code(503);
      return { status: 'stopping' };
    }
    let report: HealthReport = { ok: true };
    if (options.check !== null) {
      try {
        report = await options.check();
      } catch (error) {
        report = { ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
    }
    if (!report.ok) {
      request.log.warn({ detail: report.detail }, 'health check failed');
      reply.code(503);
      return { status: 'unhealthy', ...(report.detail === undefined ? {} : { detail: report.detail }) };
    }
    return { status: 'ok' };
  });
}
