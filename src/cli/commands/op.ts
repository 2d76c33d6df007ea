/**
 * `scomo op DEVID install|activate|deactivate|remove COMPONENT [--inactive] [--package] [--wait]`:
 * a SCOMO operation on what is already on the device (seed flow 5.4.3). COMPONENT is a component ID
 * (activate, deactivate, remove) or a delivered package's PkgID (install; remove with --package).
 */
import type { Command } from 'commander';
import { Argument } from 'commander';
import { ScomoError } from '../../errors/index.ts';
import type { TargetOperation } from '../../server/index.ts';
import { addJobOptions, runJob } from './deploy.ts';
import type { JobFlags } from './deploy.ts';

export const OP_VERBS = ['install', 'activate', 'deactivate', 'remove'] as const;
export type OpVerb = (typeof OP_VERBS)[number];

interface OpFlags extends JobFlags {
  readonly inactive?: boolean;
  readonly package?: boolean;
}

export function operationFor(
  verb: OpVerb,
  flags: { inactive?: boolean; package?: boolean },
): TargetOperation {
  if (flags.inactive === true && verb !== 'install')
    throw new ScomoError('SCOMO_CLI_USAGE', '--inactive goes with install only');
  if (flags.package === true && verb !== 'remove')
    throw new ScomoError('SCOMO_CLI_USAGE', '--package goes with remove only');
  switch (verb) {
    case 'install':
      return flags.inactive === true ? 'installInactive' : 'install';
    case 'remove':
      return flags.package === true ? 'removePackage' : 'removeComponent';
    default:
      return verb;
  }
}

export function registerOpCommand(program: Command): void {
  addJobOptions(
    program
      .command('op')
      .description('install, activate, deactivate or remove something on a device (a SCOMO job)')
      .argument('<devId>', 'DevInfo/DevId of a provisioned device')
      .addArgument(new Argument('<operation>', 'the SCOMO operation').choices([...OP_VERBS]))
      .argument('<component>', 'component ID (a delivered PkgID for install and remove --package)')
      .option('--inactive', 'install: create the components Inactive (InstallInactive)')
      .option('--package', 'remove: remove the delivered package COMPONENT names, not a deployed component'),
  ).action(async (devId: string, verb: OpVerb, target: string, flags: OpFlags) => {
    const operation = operationFor(verb, flags);
    await runJob(flags, (scomo) => scomo.operate(devId, operation, target));
  });
}
