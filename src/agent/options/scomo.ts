import { isAbsolute, join } from 'node:path';
import { isScomoError } from '../../errors/index.ts';
import { DEFAULT_SCOMO_ROOT } from '../../scomo/index.ts';
import { splitPath } from '../../tree/index.ts';
import { agentError } from '../errors.ts';
import { createPackageTrust } from '../packages/index.ts';
import { AGENT_INSTALLERS } from './types.ts';
import type { AgentInstaller, AgentScomoOptions, ResolvedScomoOptions } from './types.ts';

/** Seconds between a queued result and the session delivering it, by default. */
export const DEFAULT_RESULT_DELAY_SECONDS = 1;

function bad(name: string, expected: string): never {
  throw agentError('SCOMO_AGENT_BAD_OPTION', `Option scomo.${name}: expected ${expected}.`);
}

/**
 * Compiles the SCOMO options (DESIGN.md "options compiled once at the edge"): undefined when the
 * client is off — no state directory to keep packages and components in, or `enabled: false`.
 */
export function resolveScomoOptions(
  input: AgentScomoOptions | undefined,
  stateDir: string | undefined,
): ResolvedScomoOptions | undefined {
  if (input !== undefined && (typeof input !== 'object' || input === null)) bad('', 'an object');
  const options = input ?? {};
  if (options.enabled !== undefined && typeof options.enabled !== 'boolean') bad('enabled', 'true or false');
  if (options.enabled === false) return undefined;
  if (stateDir === undefined) {
    if (options.enabled === true || Object.keys(options).length > 0) {
      throw agentError(
        'SCOMO_AGENT_BAD_OPTION',
        'The SCOMO client needs a state directory (stateDir / --state) for its packages, components and journal.',
      );
    }
    return undefined;
  }
  const installerCommand = optionalPath('installerCommand', options.installerCommand);
  const installer: AgentInstaller =
    options.installer ?? (installerCommand === undefined ? 'directory' : 'command');
  if (!(AGENT_INSTALLERS as readonly string[]).includes(installer))
    bad('installer', `one of ${AGENT_INSTALLERS.join(', ')}`);
  if (installer === 'command' && installerCommand === undefined)
    bad('installerCommand', "the executable's absolute path: the command installer runs it");
  if (installer === 'directory' && installerCommand !== undefined)
    bad('installer', "'command' when installerCommand is given (the directory installer runs no command)");
  return {
    root: scomoRoot(options.root),
    dir: join(stateDir, 'scomo'),
    installDir: optionalPath('installDir', options.installDir) ?? join(stateDir, 'components'),
    installer,
    installerCommand,
    trust: trust(options.trustedKeys, options.requireSignatures),
    envTypes: envTypes(options.envTypes),
    quotaBytes: wholeBytes('quotaBytes', options.quotaBytes),
    hookTimeoutMs: seconds('hookTimeoutSeconds', options.hookTimeoutSeconds),
    resultDelayMs:
      seconds('resultDelaySeconds', options.resultDelaySeconds, true) ?? DEFAULT_RESULT_DELAY_SECONDS * 1000,
  };
}

function scomoRoot(value: unknown): string {
  if (value === undefined) return DEFAULT_SCOMO_ROOT;
  const segments = typeof value === 'string' ? splitPath(value) : undefined;
  if (segments === undefined || segments.length === 0)
    bad('root', `a tree URI below ".", such as ./SCOMO; got ${JSON.stringify(value)}`);
  return `./${segments.join('/')}`;
}

function optionalPath(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !isAbsolute(value)) bad(name, 'an absolute path');
  return value;
}

function trust(keys: AgentScomoOptions['trustedKeys'], required: unknown) {
  if (required !== undefined && typeof required !== 'boolean') bad('requireSignatures', 'true or false');
  if (keys !== undefined && !Array.isArray(keys)) bad('trustedKeys', 'a list of keys');
  try {
    return createPackageTrust(keys ?? [], required === true ? 'required' : 'optional');
  } catch (err) {
    if (isScomoError(err)) bad('trustedKeys', `Ed25519 public keys (${err.message})`);
    throw err;
  }
}

function envTypes(value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((v) => typeof v === 'string' && v.trim() !== '')
  )
    bad('envTypes', 'a non-empty list of EnvType names');
  return Object.freeze([...(value as string[])]);
}

function wholeBytes(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
    bad(name, 'a whole number of bytes above 0');
  return value;
}

function seconds(name: string, value: unknown, zeroAllowed = false): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!zeroAllowed && value === 0))
    bad(name, `a number of seconds ${zeroAllowed ? '≥ 0' : 'above 0'}`);
  return Math.round(value * 1000);
}
