/**
 * `scomo agent`: runs the OMA DM device agent (src/agent). This file only reads argv, the JSON config
 * file and the CA file, sets up pino on stderr and the signals; the agent does the rest. Flags and
 * config keys are the same settings (src/agent AGENT_CONFIG_KEYS: commander's camelCase names).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { pino } from 'pino';
import {
  AGENT_CONFIG_KEYS,
  agentOptionsFromConfig,
  checkAgentConfig,
  createAgent,
  resolveAgentOptions,
} from '../../agent/index.ts';
import type { AgentConfig, AgentConfigKey, AgentLogger, TrustedKey } from '../../agent/index.ts';
import { ScomoError } from '../../errors/index.ts';
import { readFileNamed, readJsonFile } from '../input.ts';

/** The flag and help text of every setting; the value kinds live in AGENT_CONFIG_KEYS. */
const FLAGS: Readonly<Record<AgentConfigKey, readonly [flag: string, help: string]>> = {
  server: ['--server <url>', 'DM server URL (http:// or https://), kept as DMAcc AppAddr'],
  deviceId: ['--device-id <id>', 'DevInfo/DevId, e.g. IMEI:490154203237518'],
  state: ['--state <dir>', 'state directory: tree.json and alerts.json (in memory when omitted)'],
  username: ['--username <name>', 'client credential name (CLCRED AAuthName; default: the device id)'],
  password: ['--password <secret>', 'client credential secret (CLCRED AAuthSecret)'],
  serverId: ['--server-id <id>', "DMAcc ServerID (default: the server URL's host name)"],
  serverPassword: [
    '--server-password <secret>',
    'secret the server authenticates with and signs package #0 with (SRVCRED)',
  ],
  auth: ['--auth <mode>', 'client authentication (default: md5 with a password, else none)'],
  encoding: ['--encoding <encoding>', 'message encoding (default: xml)'],
  once: [
    '--once',
    'run one client-initiated session (and, with SCOMO work, the sessions delivering its results), then exit: 0 when they completed, 1 otherwise',
  ],
  listen: ['--listen <port>', 'TCP port of the package #0 HTTP endpoint (0 = any free port)'],
  udpPort: ['--udp-port <port>', 'UDP port for package #0 datagrams (0 = any free port)'],
  listenHost: ['--listen-host <address>', 'address the listeners bind (default: 127.0.0.1)'],
  poll: ['--poll <seconds>', 'run a client-initiated session now and then every SECONDS (±10%)'],
  ca: ['--ca <file>', 'PEM file of CA certificates to trust for an https:// server'],
  timeout: ['--timeout <seconds>', "seconds to wait for the server's answer to one message (default: 30)"],
  connectTimeout: ['--connect-timeout <seconds>', 'seconds to wait for a connection (default: 10)'],
  retries: ['--retries <count>', 're-sends of a message after a transport failure or HTTP 5xx (default: 3)'],
  retryDelay: [
    '--retry-delay <ms>',
    'first retry delay in ms, doubled per retry, with jitter (default: 1000)',
  ],
  maxMsgSize: ['--max-msg-size <bytes>', 'MaxMsgSize announced to the server (default: 65536)'],
  maxObjSize: ['--max-obj-size <bytes>', 'MaxObjSize announced to the server (default: 4194304)'],
  manufacturer: ['--manufacturer <text>', 'DevInfo/Man on first start'],
  model: ['--model <text>', 'DevInfo/Mod on first start'],
  language: ['--language <tag>', 'DevInfo/Lang on first start (default: en-US)'],
  logLevel: ['--log-level <level>', 'pino log level on stderr (default: info)'],
  scomoRoot: ['--scomo-root <uri>', 'where the SCOMO MO is mounted in the tree (default: ./SCOMO)'],
  installDir: ['--install-dir <dir>', 'where installed components live (default: <state>/components)'],
  installer: [
    '--installer <kind>',
    'directory: unpack into --install-dir; command: run --installer-command (default: directory)',
  ],
  installerCommand: [
    '--installer-command <path>',
    'executable the command installer runs: <path> install|activate|deactivate|remove|abort <id> [package]',
  ],
  trustedKey: [
    '--trusted-key <file>',
    'Ed25519 public key (SPKI PEM, or 32 raw/hex/base64 bytes) packages may be signed with; repeatable',
  ],
  requireSignatures: ['--require-signatures', 'refuse packages without a valid signature (result 1407)'],
  envType: ['--env-type <name>', 'an EnvType this device installs (others: result 1413); repeatable'],
  quota: ['--quota <bytes>', 'bytes the state directory may hold in all (downloads, packages, components)'],
  hookTimeout: [
    '--hook-timeout <seconds>',
    'time limit of one package hook (default: 60) or installer command run (default: 600)',
  ],
  scomoWait: [
    '--scomo-wait <seconds>',
    'with --once: how long to wait for SCOMO work before delivering its results (default: 120)',
  ],
};

export function registerAgentCommand(program: Command): void {
  const command = program
    .command('agent')
    .description(
      'run the OMA DM device agent: client sessions, package #0 listeners, polling, Generic Alert queue',
    )
    .option(
      '--config <file>',
      'JSON config file with the same settings (keys: the flags in camelCase); flags win',
    );
  for (const key of Object.keys(FLAGS) as AgentConfigKey[]) {
    const [flag, help] = FLAGS[key];
    const kind = AGENT_CONFIG_KEYS[key];
    const option = new Option(flag, help);
    if (typeof kind !== 'string') option.choices(kind);
    if (kind === 'number') option.argParser(numberArg);
    if (kind === 'integer') option.argParser(integerArg);
    if (kind === 'paths' || kind === 'texts') option.argParser(repeated);
    command.addOption(option);
  }
  command.addHelpText(
    'after',
    `
Examples:
  scomo agent --server https://dm.example.com/dm --device-id IMEI:490154203237518 \\
      --state /var/lib/scomo-agent --username dev1 --password s3cret --once
  scomo agent --config /etc/scomo/agent.json --listen 8080 --poll 3600
  scomo agent --config /etc/scomo/agent.json --once --env-type linux-x86_64 \\
      --trusted-key /etc/scomo/repo.pub --require-signatures --quota 2000000000

Without --once the agent runs until SIGINT or SIGTERM; it needs --listen, --udp-port or --poll then.
With a --state directory the agent is a SCOMO client: ./SCOMO in its tree, packages downloaded or
delivered over DM, installed and reported as Generic Alerts. With --once it then waits (up to
--scomo-wait) for the work a session started and runs one more session to deliver the results.
Secrets are better kept in the config file (mode 0600) than on the command line. See docs/agent.md.`,
  );
  command.action(async (flags: Record<string, unknown>) => {
    const { config: file, ...given } = flags;
    const fromFile = typeof file === 'string' ? await readConfig(file) : {};
    // Flags win; relative paths given as flags follow the working directory.
    const fromFlags = checkAgentConfig(given, 'command line', process.cwd());
    await runAgent({ ...fromFile, ...fromFlags });
  });
}

function numberArg(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('expected a number ≥ 0.');
  return n;
}

/** Repeatable flags collect their values. */
function repeated(value: string, previous: unknown): string[] {
  return [...(Array.isArray(previous) ? (previous as string[]) : []), value];
}

function integerArg(value: string): number {
  const n = numberArg(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number.');
  return n;
}

/** Reads and checks the JSON config file; relative paths in it are relative to the file. */
async function readConfig(file: string): Promise<AgentConfig> {
  const document = await readJsonFile(file, 'config file', 'SCOMO_AGENT_CONFIG');
  return checkAgentConfig(document, `config file ${file}`, path.dirname(path.resolve(file)));
}

async function readCa(file: string): Promise<string> {
  return (await readFileNamed(file, 'CA file')).toString('utf8');
}

/**
 * Reads a trusted key file: 32 raw bytes as they are, anything else as text (SPKI PEM, hex or base64),
 * which createPackageTrust checks when the options are resolved.
 */
async function readTrustedKey(file: string): Promise<TrustedKey> {
  const bytes = await readFileNamed(file, 'trusted key');
  return bytes.length === 32 ? new Uint8Array(bytes) : bytes.toString('utf8').trim();
}

async function runAgent(config: AgentConfig): Promise<void> {
  const logger = pino(
    { level: config.logLevel ?? 'info', base: { name: 'scomo-agent' } },
    // Synchronous writes: every line is out before the process exits (--once, signals).
    pino.destination({ fd: 2, sync: true }),
  );
  const ca = config.ca === undefined ? undefined : await readCa(config.ca);
  const trustedKeys =
    config.trustedKey === undefined ? undefined : await Promise.all(config.trustedKey.map(readTrustedKey));
  const options = resolveAgentOptions(
    agentOptionsFromConfig(config, { ca, trustedKeys, logger: logger as AgentLogger }),
  );
  const agent = createAgent(options);

  if (config.once === true) {
    if (config.listen !== undefined || config.udpPort !== undefined || config.poll !== undefined) {
      logger.warn({}, '--once runs one session and exits: --listen, --udp-port and --poll are ignored');
    }
    const reports = await agent.runOnce({ scomoWaitSeconds: config.scomoWait });
    await agent.stop();
    process.exitCode = reports.every((report) => report.outcome === 'completed') ? 0 : 1;
    return;
  }
  if (options.listenPort === undefined && options.udpPort === undefined && options.pollMs === undefined) {
    throw new ScomoError(
      'SCOMO_CLI_USAGE',
      'scomo agent has nothing to do: give --once, --poll, --listen or --udp-port.',
    );
  }
  await agent.start();
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      logger.info({ signal }, 'stopping');
      void agent.stop().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
