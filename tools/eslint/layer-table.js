// The layer table of DESIGN.md as data. A folder may import folders of a lower layer only.
export const LAYERS = {
  // Below L0: the one root error class every layer throws.
  errors: -1,
  wbxml: 0,
  syncml: 1,
  security: 1,
  notification: 1,
  tree: 2,
  session: 3,
  scomo: 3,
  server: 4,
  agent: 4,
  http: 5,
  web: 5,
  store: 5,
  cli: 6,
};

/** Same-layer or cross pairs the design forbids explicitly ([from, to]). */
export const FORBIDDEN_PAIRS = [
  ['session', 'scomo'],
  ['scomo', 'session'],
  ['agent', 'server'],
  ['server', 'agent'],
];

/**
 * Same-layer imports the design allows ([from, to]): package #0's digest is the HMAC chain of the
 * security primitives (reference §4.2 vs §3.4), so notification builds on security.
 */
export const ALLOWED_SAME_LAYER = [['notification', 'security']];

/** Layers up to this one do no I/O: they would run in a browser unchanged. */
export const PURE_LAYER_MAX = 3;

export const IO_MODULES = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'dns',
  'tls',
  'child_process',
  'cluster',
  'worker_threads',
  'timers',
  'process',
  'os',
  'sqlite',
  'undici',
  'pg',
  'fastify',
];

/** Packages a folder may not import even though its layer could: server declares ports instead. */
export const PACKAGE_BANS = {
  server: ['fastify', 'pg', 'node:sqlite', 'undici', 'node:http', 'node:https'],
  agent: [],
};
