/**
 * `scomo agent`: runs the OMA DM device agent (src/agent). This file only turns argv and the JSON
 * config file into AgentOptions, sets up pino on stderr and the signals; createAgent does the rest.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { pino } from 'pino';
import { AGENT_AUTH_MODES, AGENT_ENCODINGS, createAgent, resolveAgentOptions } from '../../agent/index.ts';
import type { AgentLogger, AgentOptions } from '../../agent/index.ts';
import { ScomoError } from '../../errors/index.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Every setting: its flag, its config-file key (the flag in camelCase), its kind, and its help text.
 * Kinds: text, number, integer, flag (boolean), path (resolved against the config file's folder).
 */
const SETTINGS = [
  {
    key: 'server',
    flag: '--server <url>',
    kind: 'text',
    help: 'DM server URL (http:// or https://), used for DMAcc AppAddr',
  },
  {
    key: 'deviceId',
    flag: '--device-id <id>',
    kind: 'text',
    help: 'DevInfo/DevId, e.g. IMEI:490154203237518',
  },
  {
    key: 'state',
    flag: '--state <dir>',
    kind: 'path',
    help: 'state directory: tree.json and alerts.json (in memory when omitted)',
  },
  {
    key: 'username',
    flag: '--username <name>',
    kind: 'text',
    help: 'client credential name (CLCRED AAuthName; default: the device id)',
  },
  {
    key: 'password',
    flag: '--password <secret>',
    kind: 'text',
    help: 'client credential secret (CLCRED AAuthSecret)',
  },
  {
    key: 'serverId',
    flag: '--server-id <id>',
    kind: 'text',
    help: "DMAcc ServerID (default: the server URL's host name)",
  },
  {
    key: 'serverPassword',
    flag: '--server-password <secret>',
    kind: 'text',
    help: 'secret the server proves itself with and signs package #0 with (SRVCRED)',
  },
  {
    key: 'auth',
    flag: '--auth <mode>',
    kind: 'text',
    help: 'client authentication',
    choices: AGENT_AUTH_MODES,
  },
  {
    key: 'encoding',
    flag: '--encoding <encoding>',
    kind: 'text',
    help: 'message encoding',
    choices: AGENT_ENCODINGS,
  },
  {
    key: 'once',
    flag: '--once',
    kind: 'flag',
    help: 'run one client-initiated session and exit: 0 on success, 1 otherwise',
  },
  {
    key: 'listen',
    flag: '--listen <port>',
    kind: 'integer',
    help: 'TCP port of the package #0 HTTP endpoint (0 = any free port)',
  },
  {
    key: 'udpPort',
    flag: '--udp-port <port>',
    kind: 'integer',
    help: 'UDP port for package #0 datagrams (0 = any free port)',
  },
  {
    key: 'listenHost',
    flag: '--listen-host <address>',
    kind: 'text',
    help: 'address the listeners bind (default 127.0.0.1)',
  },
  {
    key: 'poll',
    flag: '--poll <seconds>',
    kind: 'number',
    help: 'run a client-initiated session now and then every SECONDS (±10%)',
  },
  {
    key: 'ca',
    flag: '--ca <file>',
    kind: 'path',
    help: 'PEM file of CA certificates to trust for an https:// server',
  },
  {
    key: 'timeout',
    flag: '--timeout <seconds>',
    kind: 'number',
    help: "seconds to wait for the server's answer to one message (default 30)",
  },
  {
    key: 'connectTimeout',
    flag: '--connect-timeout <seconds>',
    kind: 'number',
    help: 'seconds to wait for a connection (default 10)',
  },
  {
    key: 'retries',
    flag: '--retries <count>',
    kind: 'integer',
    help: 're-sends of a message after a transport failure or 5xx (default 3)',
  },
  {
    key: 'retryDelay',
    flag: '--retry-delay <ms>',
    kind: 'number',
    help: 'first retry delay in ms, doubled per retry, with jitter (default 1000)',
  },
  {
    key: 'maxMsgSize',
    flag: '--max-msg-size <bytes>',
    kind: 'integer',
    help: 'MaxMsgSize announced to the server (default 65536)',
  },
  {
    key: 'maxObjSize',
    flag: '--max-obj-size <bytes>',
    kind: 'integer',
    help: 'MaxObjSize announced to the server (default 4194304)',
  },
  { key: 'manufacturer', flag: '--manufacturer <text>', kind: 'text', help: 'DevInfo/Man on first start' },
  { key: 'model', flag: '--model <text>', kind: 'text', help: 'DevInfo/Mod on first start' },
  {
    key: 'language',
    flag: '--language <tag>',
    kind: 'text',
    help: 'DevInfo/Lang on first start (default en-US)',
  },
  {
    key: 'logLevel',
    flag: '--log-level <level>',
    kind: 'text',
    help: 'pino log level on stderr (default info)',
    choices: LOG_LEVELS,
  },
] as const;

type Setting = (typeof SETTINGS)[number];
type SettingKey = Setting['key'];
type Settings = Partial<Record<SettingKey, string | number | boolean>>;

const KEYS: ReadonlySet<string> = new Set(SETTINGS.map((s) => s.key));

/** Device fields a config file may give under "device" (DevInfo / DevDetail on first start). */
const DEVICE_KEYS = [
  'manufacturer',
  'model',
  'dmVersion',
  'language',
  'deviceType',
  'oem',
  'firmwareVersion',
  'softwareVersion',
  'hardwareVersion',
] as const;

export function registerAgentCommand(program: Command): void {
  const command = program
    .command('agent')
    .description(
      'run the OMA DM device agent: client sessions, package #0 listeners, polling, Generic Alert queue',
    )
    .option('--config <file>', 'JSON config file with the same settings (keys in camelCase); flags win');
  for (const setting of SETTINGS) {
    const option = new Option(setting.flag, setting.help);
    if ('choices' in setting) option.choices(setting.choices);
    if (setting.kind === 'number') option.argParser(numberArg);
    if (setting.kind === 'integer') option.argParser(integerArg);
    command.addOption(option);
  }
  command.addHelpText(
    'after',
    `
Examples:
  scomo agent --server https://dm.example.com/dm --device-id IMEI:490154203237518 \\
      --state /var/lib/scomo-agent --username dev1 --password s3cret --once
  scomo agent --config /etc/scomo/agent.json --listen 8080 --poll 3600

Without --once the agent runs until SIGINT or SIGTERM; it needs --listen, --udp-port or --poll then.
Secrets are better kept in the config file (mode 0600) than on the command line. See docs/agent.md.`,
  );
  command.action(async (flags: Settings & { config?: string }) => {
    const fromFile =
      flags.config === undefined ? { settings: {}, device: {} } : await readConfig(flags.config);
    const settings: Settings = { ...fromFile.settings };
    for (const key of KEYS) {
      const value = flags[key as SettingKey];
      if (value !== undefined) settings[key as SettingKey] = value;
    }
    await runAgent(settings, fromFile.device);
  });
}

function numberArg(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('expected a number ≥ 0.');
  return n;
}

function integerArg(value: string): number {
  const n = numberArg(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number.');
  return n;
}

function configError(file: string, message: string): ScomoError {
  return new ScomoError('SCOMO_CLI_CONFIG', `config file ${file}: ${message}`);
}

/** Reads and checks the JSON config file; relative paths in it are relative to the file. */
async function readConfig(file: string): Promise<{ settings: Settings; device: Record<string, string> }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw configError(file, `cannot read it (${code === 'ENOENT' ? 'no such file' : (code ?? String(err))})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw configError(file, `not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw configError(file, 'expected a JSON object');
  const settings: Settings = {};
  const device: Record<string, string> = {};
  for (const [key, value] of Object.entries(json)) {
    if (key === 'device') {
      Object.assign(device, readDevice(file, value));
      continue;
    }
    const setting = SETTINGS.find((s) => s.key === key);
    if (setting === undefined) {
      throw configError(file, `unknown key "${key}"; known keys: ${[...KEYS, 'device'].join(', ')}`);
    }
    settings[setting.key] = checkValue(file, setting, value);
  }
  return { settings, device };
}

function checkValue(file: string, setting: Setting, value: unknown): string | number | boolean {
  const expect = (what: string): never => {
    throw configError(file, `"${setting.key}" must be ${what}`);
  };
  switch (setting.kind) {
    case 'flag':
      return typeof value === 'boolean' ? value : expect('true or false');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0
        ? value
        : expect('a number ≥ 0');
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0
        ? value
        : expect('a whole number ≥ 0');
    case 'path':
      return typeof value === 'string' && value !== ''
        ? path.resolve(path.dirname(path.resolve(file)), value)
        : expect('a path');
    case 'text': {
      if (typeof value !== 'string' || value === '') return expect('a non-empty string');
      if ('choices' in setting && !(setting.choices as readonly string[]).includes(value)) {
        return expect(`one of ${setting.choices.join(', ')}`);
      }
      return value;
    }
  }
}

function readDevice(file: string, value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw configError(file, '"device" must be an object of DevInfo/DevDetail strings');
  }
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(value)) {
    if (!(DEVICE_KEYS as readonly string[]).includes(key)) {
      throw configError(file, `unknown device key "${key}"; known: ${DEVICE_KEYS.join(', ')}`);
    }
    if (typeof text !== 'string' || text === '')
      throw configError(file, `device "${key}" must be a non-empty string`);
    out[key] = text;
  }
  return out;
}

function text(settings: Settings, key: SettingKey): string | undefined {
  const value = settings[key];
  return typeof value === 'string' ? value : undefined;
}

function num(settings: Settings, key: SettingKey): number | undefined {
  const value = settings[key];
  return typeof value === 'number' ? value : undefined;
}

async function runAgent(settings: Settings, device: Record<string, string>): Promise<void> {
  const level = (text(settings, 'logLevel') ?? 'info') as LogLevel;
  const logger = pino({ level, base: { name: 'scomo-agent' } }, pino.destination({ fd: 2, sync: true }));
  for (const key of ['server', 'deviceId'] as const) {
    if (settings[key] === undefined) {
      throw new ScomoError(
        'SCOMO_CLI_USAGE',
        `scomo agent needs --${key === 'server' ? 'server' : 'device-id'} (or "${key}" in --config).`,
      );
    }
  }
  const once = settings.once === true;
  const caFile = text(settings, 'ca');
  const options: AgentOptions = {
    server: text(settings, 'server') ?? '',
    deviceId: text(settings, 'deviceId') ?? '',
    stateDir: text(settings, 'state'),
    username: text(settings, 'username'),
    password: text(settings, 'password'),
    serverId: text(settings, 'serverId'),
    serverPassword: text(settings, 'serverPassword'),
    auth: text(settings, 'auth') as AgentOptions['auth'],
    encoding: text(settings, 'encoding') as AgentOptions['encoding'],
    listenPort: num(settings, 'listen'),
    udpPort: num(settings, 'udpPort'),
    listenHost: text(settings, 'listenHost'),
    pollSeconds: num(settings, 'poll'),
    ca: caFile === undefined ? undefined : await readCa(caFile),
    timeoutSeconds: num(settings, 'timeout'),
    connectTimeoutSeconds: num(settings, 'connectTimeout'),
    retries: num(settings, 'retries'),
    retryDelayMs: num(settings, 'retryDelay'),
    maxMsgSize: num(settings, 'maxMsgSize'),
    maxObjSize: num(settings, 'maxObjSize'),
    device: deviceOf(settings, device),
    logger: logger as AgentLogger,
  };
  const agent = createAgent(resolveAgentOptions(options));

  if (once) {
    const report = await agent.runSession({ initiator: 'client', reason: 'once' });
    await agent.stop();
    process.exitCode = report.outcome === 'completed' ? 0 : 1;
    return;
  }
  const { listenPort, udpPort, pollMs } = agent.options;
  if (listenPort === undefined && udpPort === undefined && pollMs === undefined) {
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

/** The device description: the config file's "device" object, then the DevInfo flags. */
function deviceOf(settings: Settings, device: Record<string, string>): Record<string, string> {
  const out = { ...device };
  for (const key of ['manufacturer', 'model', 'language'] as const) {
    const value = text(settings, key);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

async function readCa(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ScomoError(
      'SCOMO_CLI_READ',
      `cannot read the CA file ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(err))}`,
    );
  }
}
