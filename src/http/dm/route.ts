import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DmServer } from '../../server/index.ts';
import { MESSAGE_CONTENT_TYPES } from '../../syncml/index.ts';
import { codeOf, reasonPhrase, RETRYABLE_STATUSES, statusForError } from './statuses.ts';

export interface DmRouteOptions {
  readonly server: DmServer;
  /** Path of the DM endpoint, e.g. `/dm`; the session token comes as RespURI's query parameter. */
  readonly path: string;
  /** Largest request body read, in bytes; a larger one is refused with 413 before it is buffered. */
  readonly bodyLimit: number;
}

/** Every SyncML DM message type, the legacy SyncML DS names included (reference §5). */
const DM_MEDIA_TYPES: readonly string[] = MESSAGE_CONTENT_TYPES.map((entry) => entry.type);
const EMPTY = new Uint8Array(0);

/**
 * `POST <path>`: one DM message in, its reply out, in the same encoding (STYLE.md "A core that knows
 * no transport": fastify only translates). Protocol errors come back as SyncML statuses in an HTTP
 * 200; a body that is not SyncML gets 400 and an unsupported content type 415 (JSON bodies saying
 * why); a body over the limit gets 413 and the connection is closed without reading the rest.
 */
export async function dmRoutes(app: FastifyInstance, options: DmRouteOptions): Promise<void> {
  const { server, path, bodyLimit } = options;
  // Only the DM types are read at all (the rest is refused with 415 before any byte of the body is
  // buffered); JSON and text parsers inherited from fastify do not apply here.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser([...DM_MEDIA_TYPES], { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
    done(null, body);
  });
  app.setErrorHandler((error: FastifyError, request, reply) => sendError(error, request, reply));

  app.post(path, { bodyLimit }, async (request, reply) => {
    const body = request.body instanceof Uint8Array ? request.body : EMPTY;
    const response = await server.handleMessage({
      body,
      contentType: request.headers['content-type'] ?? '',
      // x-syncml-hmac (reference §3.4) among them; the core reads what it needs.
      headers: request.headers,
      sessionToken: server.sessionTokenFromUrl(request.url),
    });
    reply.code(200).header('content-type', response.contentType);
    for (const [name, value] of Object.entries(response.headers)) reply.header(name, value);
    request.log.debug(
      {
        session: response.sessionToken,
        bytesIn: body.byteLength,
        bytesOut: response.body.byteLength,
        ended: response.ended,
      },
      'DM message',
    );
    return Buffer.from(response.body.buffer, response.body.byteOffset, response.body.byteLength);
  });

  // Anything but POST on the endpoint: say what is expected rather than a bare 404.
  app.route({
    method: ['GET', 'PUT', 'DELETE', 'PATCH'],
    url: path,
    handler: async (_request, reply) => {
      reply.code(405).header('allow', 'POST');
      return problem(405, 'SCOMO_HTTP_METHOD', 'POST a SyncML DM message to this endpoint.');
    },
  });
}

function sendError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = statusForError(error);
  const code = codeOf(error) ?? 'SCOMO_HTTP_INTERNAL';
  if (status >= 500 && !RETRYABLE_STATUSES.has(status)) {
    request.log.error({ err: error }, 'DM request failed');
  } else {
    request.log.info({ code, status, reason: error.message }, 'DM request refused');
  }
  if (RETRYABLE_STATUSES.has(status)) reply.header('retry-after', '1');
  // The rest of an oversized body is not read: tell the client the connection ends here.
  if (status === 413) reply.header('connection', 'close');
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(problem(status, code, explain(status, code, error, request)));
}

/** Messages that say what was expected; fastify's own ("Unsupported Media Type") do not. */
function explain(status: number, code: string, error: Error, request: FastifyRequest): string {
  if (status === 413) {
    return `The request body is larger than the ${String(request.routeOptions.bodyLimit)} bytes this server accepts.`;
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || code === 'FST_ERR_CTP_EMPTY_TYPE') {
    const given = request.headers['content-type'];
    return `${given === undefined ? 'No Content-Type' : `Content-Type "${given}"`} is not a SyncML DM message type; expected ${DM_MEDIA_TYPES.join(', ')}.`;
  }
  if (status === 500) return 'The server failed to handle this message; the failure is logged.';
  return error.message;
}

function problem(status: number, code: string, message: string) {
  return { statusCode: status, error: reasonPhrase(status), code, message };
}
