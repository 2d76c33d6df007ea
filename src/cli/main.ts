/**
 * The `scomo` command line: the composition root (DESIGN.md L6). It reads argv, environment and files,
 * wires the layers together, and turns every failure into one clear line on stderr and exit code 1.
 */
import { Command, CommanderError } from 'commander';
import { registerWbxmlCommands } from './commands/wbxml.ts';
import { registerAgentCommand } from './commands/agent.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerDevicesCommand } from './commands/devices.ts';
import { registerDeviceCommand } from './commands/device.ts';
import { registerExecCommand } from './commands/exec.ts';
import { registerPackageCommand } from './commands/package.ts';
import { registerDeployCommand } from './commands/deploy.ts';
import { registerOpCommand } from './commands/op.ts';
import { registerInventoryCommand } from './commands/inventory.ts';
import { reportFailure } from './failure.ts';

export function buildProgram(): Command {
  const program = new Command('scomo')
    .description('OMA SCOMO 1.0 software component management over OMA DM 1.2')
    .version(packageVersion(), '-V, --version', 'print the scomo version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerWbxmlCommands(program);
  registerAgentCommand(program);
  registerServeCommand(program);
  registerDevicesCommand(program);
  registerDeviceCommand(program);
  registerExecCommand(program);
  registerPackageCommand(program);
  registerDeployCommand(program);
  registerOpCommand(program);
  registerInventoryCommand(program);
  return program;
}

function packageVersion(): string {
  return '0.1.0';
}

async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram().exitOverride();
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return;
    }
    await program.parseAsync(argv as string[]);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    reportFailure(err);
  }
}

await main(process.argv);
