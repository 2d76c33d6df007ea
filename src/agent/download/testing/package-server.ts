/**
 * A package repository for tests (node:http on 127.0.0.1, a free port): Range and If-Range, ETag,
 * Basic authentication, and the faults the download client must survive — fixed error statuses,
 * errors that clear after a few requests, connections cut mid-body, a server that never answers.
 * It records every request, and the bodies POSTed to it (install notifications).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ServedObject {
  /** The body, or a function giving it per request number (1-based) to change an object over time. */
  readonly body: Uint8Array | ((request: number) => Uint8Array);
  readonly contentType?: string;
  /** ETag to send; default a strong one derived from the length. Set null to send none. */
  readonly etag?: string | null | ((request: number) => string | null);
  /** user:password required through Basic authentication. */
  readonly basicAuth?: string;
  /** Answer this status (no body) to every request. */
  readonly status?: number;
  /** Answer 500 to the first `failTimes` requests. */
  readonly failTimes?: number;
  /** Cut the connection after this many body bytes, for the first `cutTimes` requests (default 1). */
  readonly cutAfter?: number;
  readonly cutTimes?: number;
  /** Send this many body bytes, then nothing more (until the client gives up), for the first request. */
  readonly stallAfter?: number;
  /** Never answer (the socket stays open until the server closes). */
  readonly hang?: boolean;
  /** Ignore Range headers (always 200 with the whole body). */
  readonly noRanges?: boolean;
  /** Send no Content-Length (chunked transfer). */
  readonly chunked?: boolean;
}

export interface RecordedHttpRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface PackageServer {
  readonly origin: string;
  url(path: string): string;
  serve(path: string, object: ServedObject): void;
  readonly requests: RecordedHttpRequest[];
  /** Requests for one path. */
  requestsFor(path: string): RecordedHttpRequest[];
  close(): Promise<void>;
}

export async function startPackageServer(): Promise<PackageServer> {
  const objects = new Map<string, ServedObject>();
  const counts = new Map<string, number>();
  const requests: RecordedHttpRequest[] = [];
  const sockets = new Set<Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    if (req.method === 'POST') {
      res.writeHead(200, { 'content-length': 0 }).end();
      return;
    }
    const object = objects.get(path);
    if (object === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    if (object.hang === true) return;
    if (object.basicAuth !== undefined) {
      const expected = `Basic ${Buffer.from(object.basicAuth).toString('base64')}`;
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="packages"' }).end();
        return;
      }
    }
    if (object.status !== undefined) {
      res.writeHead(object.status, { 'content-length': 0 }).end();
      return;
    }
    if (object.failTimes !== undefined && n <= object.failTimes) {
      res.writeHead(500, { 'content-length': 0 }).end();
      return;
    }
    const body = typeof object.body === 'function' ? object.body(n) : object.body;
    const etagOption = typeof object.etag === 'function' ? object.etag(n) : object.etag;
    const etag = etagOption === undefined ? `"len-${body.length}"` : etagOption;
    const headers: Record<string, string | number> = {
      'content-type': object.contentType ?? 'application/octet-stream',
      'accept-ranges': 'bytes',
      ...(etag === null ? {} : { etag }),
    };
    let start = 0;
    let status = 200;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    if (range !== null && object.noRanges !== true && (ifRange === undefined || ifRange === etag)) {
      start = Number(range[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      status = 206;
      headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    }
    const slice = body.subarray(start);
    if (object.chunked !== true) headers['content-length'] = slice.length;
    res.writeHead(status, headers);
    if (object.stallAfter !== undefined && n === 1) {
      res.write(slice.subarray(0, object.stallAfter));
      return;
    }
    const cutTimes = object.cutTimes ?? 1;
    if (object.cutAfter !== undefined && n <= cutTimes) {
      res.write(slice.subarray(0, object.cutAfter), () => {
        // Destroying the socket mid-body is what a dropped connection looks like to the client.
        setTimeout(() => res.socket?.destroy(), 100);
      });
      return;
    }
    res.end(slice);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    serve: (path, object) => {
      objects.set(path, object);
      counts.delete(path);
    },
    requests,
    requestsFor: (path) => requests.filter((r) => r.path === path),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
