/**
 * `scomo serve`: one DM server node. Reads the flags and the JSON config file, opens the store, wires
 * the core, the fastify endpoint and the package #0 notifier, sweeps expired sessions and commands
 * periodically, and shuts down cleanly on SIGINT/SIGTERM. See docs/server.md.
 */
import { createServer } from 'node:net';
import type { Command } from 'commander';
import { Option } from 'commander';
import { pino } from 'pino';
import type { Logger as PinoLogger } from 'pino';
import { ScomoError } from '../../errors/index.ts';
import { readFileNamed } from '../input.ts';
import { buildHttpServer, registerRepository } from '../../http/index.ts';
import type { TlsOptions } from '../../http/index.ts';
import type { ScomoService } from '../../server/index.ts';
import { integerArg, numberArg } from '../cli-args.ts';
import { loadServerConfig, SERVER_CONFIG_KEYS } from '../server-config.ts';
import type { ServerConfig, ServerConfigKey } from '../server-config.ts';
import { resolveServeSettings } from '../server-settings.ts';
import type { ServeSettings } from '../server-settings.ts';
import { openServerStack, redactStoreUrl } from '../server-wiring.ts';
import { openScomo } from '../scomo-wiring.ts';
import type { ScomoStack } from '../scomo-wiring.ts';

/** Flag and help of every setting (quirkProfiles is config-file only). */
const FLAGS: Readonly<Record<Exclude<ServerConfigKey, 'quirkProfiles' | 'wake'>, readonly [string, string]>> =
  {
    port: ['--port <port>', 'TCP port of the DM endpoint (default: 8080; 0 = any free port)'],
    host: ['--host <address>', 'address to bind, e.g. 127.0.0.1 or 0.0.0.0 (default: 127.0.0.1)'],
    data: ['--data <dir>', 'data directory, created if missing (default: ./data)'],
    db: ['--db <url>', 'store: sqlite:FILE or postgres://user@host:port/db (default: sqlite:DATA/scomo.db)'],
    tlsCert: ['--tls-cert <file>', 'PEM certificate chain: serve HTTPS (with --tls-key)'],
    tlsKey: ['--tls-key <file>', 'PEM private key for --tls-cert'],
    publicUrl: [
      '--public-url <url>',
      'URL devices reach this node (or the load balancer) at; RespURI is built from it (default: http://HOST:PORT/dm)',
    ],
    registration: [
      '--registration <policy>',
      'unknown devices: open, preprovisioned (default), shared-secret',
    ],
    sharedSecret: ['--shared-secret <secret>', 'the password unknown devices register with (shared-secret)'],
    sharedSecretAuth: ['--shared-secret-auth <mode>', 'their authentication: basic, md5 (default), hmac'],
    serverId: ['--server-id <id>', 'the ServerID devices know this server by (default: scomo)'],
    serverPassword: [
      '--server-password <secret>',
      'server credential (SRVCRED) for devices that authenticate the server; signs package #0',
    ],
    serverAuth: ['--server-auth <mode>', 'how the server authenticates to devices: md5 (default) or hmac'],
    logLevel: ['--log-level <level>', 'pino log level on stderr (default: info)'],
    maxBody: ['--max-body <bytes>', 'largest DM request body; larger ones get 413 (default: 4194304)'],
    maxMsgSize: ['--max-msg-size <bytes>', 'MaxMsgSize the server announces (default: 65536)'],
    sessionTimeout: [
      '--session-timeout <seconds>',
      'a session dies this long after its last message (default: 600)',
    ],
    commandTtl: ['--command-ttl <seconds>', 'queued commands expire after this long (default: never)'],
    sweepInterval: [
      '--sweep-interval <seconds>',
      'how often expired sessions and commands are swept (default: 30)',
    ],
    wakeInterval: [
      '--wake-interval <seconds>',
      'at most one package #0 per device in this time (default: 60)',
    ],
    notifyTimeout: ['--notify-timeout <seconds>', 'per package #0 delivery attempt (default: 5)'],
    repositoryUrl: [
      '--repository-url <url>',
      'package repository URL devices download from, ending in /dl (default: the public URL with dm replaced by dl)',
    ],
    downloadUrlTtl: [
      '--download-url-ttl <seconds>',
      'a package URL given to a device is valid this long (default: 604800)',
    ],
    downloadDescriptors: [
      '--download-descriptors',
      'PkgURL names the OMA DL download descriptor (…/dd), not the package',
    ],
    deviceRequests: [
      '--device-requests <policy>',
      'SCOMO operations devices ask for: allow, deny, allow-known-packages (default)',
    ],
    jobTtl: [
      '--job-ttl <seconds>',
      'a SCOMO job not finished this long after it was created expires (default: never)',
    ],
  };

export function registerServeCommand(program: Command): void {
  const command = program
    .command('serve')
    .description('run a DM server node: POST /dm, GET /healthz, device registry, durable command queue')
    .option(
      '--config <file>',
      'JSON config file with the same settings (keys: the flags in camelCase); flags win',
    );
  for (const [key, [flag, help]] of Object.entries(FLAGS)) {
    const kind = SERVER_CONFIG_KEYS[key as ServerConfigKey];
    const option = new Option(flag, help);
    if (typeof kind !== 'string') option.choices(kind);
    if (kind === 'number') option.argParser(numberArg);
    if (kind === 'integer') option.argParser(integerArg);
    command.addOption(option);
  }
  command.addOption(new Option('--wake', 'send package #0 when work is queued for an idle device (default)'));
  command.addOption(new Option('--no-wake', 'never send package #0 on enqueue'));
  command.addHelpText(
    'after',
    `
Examples:
  scomo serve                                   # http://127.0.0.1:8080/dm, SQLite in ./data
  scomo serve --host 0.0.0.0 --port 443 --tls-cert cert.pem --tls-key key.pem
  scomo serve --db postgres://scomo@db:5432/scomo --public-url https://dm.example.com/dm

Runs until SIGINT or SIGTERM. Secrets are better kept in the config file (mode 0600). See docs/server.md.`,
  );
  command.action(async (flags: Record<string, unknown>) => {
    await runServe(await loadServerConfig(flags));
  });
}

async function runServe(config: ServerConfig): Promise<void> {
  // Port 0: pick a free port first, because RespURI (built from the public URL) must name it.
  const port = config.port === 0 ? await freePort(config.host ?? '127.0.0.1') : config.port;
  const settings = resolveServeSettings({ ...config, ...(port === undefined ? {} : { port }) });
  const logger = pino(
    { level: settings.logLevel, base: { name: 'scomo-serve' } },
    pino.destination({ fd: 2 }),
  );
  const tls = settings.tls === null ? null : await readTls(settings.tls);
  const stack = await openServerStack(settings, logger);
  const { server, store } = stack;
  let scomo: ScomoStack;
  try {
    scomo = await openScomo(stack);
  } catch (error) {
    await stack.close();
    throw error;
  }
  const app = buildHttpServer({
    server,
    logger,
    bodyLimit: settings.bodyLimit,
    tls,
    healthCheck: async () => {
      await store.getDeviceLock('');
      return { ok: true };
    },
  });
  // The package repository (SCOMO Alternate Download Server) on the same fastify instance.
  registerRepository(app, { scomo: scomo.service });
  try {
    await app.listen({ host: settings.host, port: settings.port });
  } catch (error) {
    scomo.close();
    await stack.close();
    throw new ScomoError(
      'SCOMO_CLI_LISTEN',
      `cannot listen on ${settings.host}:${settings.port}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const sweeper = startSweeper(stack.server, scomo.service, settings.sweepIntervalMs, logger);
  const endpoint = server.options.publicUrl;
  logger.info(
    {
      endpoint,
      listen: `${settings.host}:${settings.port}`,
      tls: tls !== null,
      store: redactStoreUrl(settings.dbUrl),
      registration: server.options.registration.mode,
      repository: scomo.repositoryUrl,
    },
    'DM server started',
  );
  const local = `${tls === null ? 'http' : 'https'}://${hostForUrl(settings.host)}:${settings.port}${new URL(endpoint).pathname}`;
  const hint =
    server.options.registration.mode === 'pre-provisioned'
      ? 'scomo serve: only provisioned devices are served; add one with: scomo device <DEVID> --auth md5 --password <secret>\n'
      : '';
  // One write: whoever reads stdout sees the endpoint and the hint together.
  process.stdout.write(
    `scomo serve: DM endpoint ${endpoint}${local === endpoint ? '' : ` (this node listens on ${local})`}\n` +
      `scomo serve: package repository ${scomo.repositoryUrl}\n${hint}`,
  );

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // A second signal while draining ends the process at once.
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      logger.info({ signal }, 'stopping');
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  // Close HTTP first (requests in flight finish, idle connections close), then the timers, the store.
  await app.close();
  await sweeper.stop();
  scomo.close();
  await stack.close();
  logger.info({}, 'stopped');
  logger.flush();
}

interface Sweeper {
  stop(): Promise<void>;
}

/**
 * Calls the core's sweep() and then the SCOMO service's (deadlines, jobs a stopped process left
 * half-way; docs/scomo.md "Reconciliation") every interval, never two at once (neither runs timers).
 */
function startSweeper(
  server: { sweep(): Promise<{ sessionsExpired: number; commandsExpired: number }> },
  scomo: Pick<ScomoService, 'sweep'>,
  intervalMs: number,
  logger: PinoLogger,
): Sweeper {
  let running: Promise<void> | null = null;
  const tick = (): void => {
    if (running !== null) return;
    running = server
      .sweep()
      .then(
        (result) => {
          if (result.sessionsExpired > 0 || result.commandsExpired > 0) logger.info(result, 'swept');
        },
        (error: unknown) => logger.error({ err: error }, 'sweep failed'),
      )
      // Expired commands first: the jobs waiting on them then reconcile in the same tick.
      .then(() => scomo.sweep())
      .then(
        (result) => {
          if (result.reconciled > 0) logger.debug(result, 'scomo jobs reconciled');
        },
        (error: unknown) => logger.error({ err: error }, 'scomo sweep failed'),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

async function readTls(files: NonNullable<ServeSettings['tls']>): Promise<TlsOptions> {
  const read = async (file: string, what: string): Promise<string> =>
    (await readFileNamed(file, `TLS ${what}`)).toString('utf8');
  return { cert: await read(files.certFile, 'certificate'), key: await read(files.keyFile, 'key') };
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error(`no free TCP port on ${host}`))));
    });
  });
}
