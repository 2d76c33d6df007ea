// Installers: the port, the directory installer (default) and the command installer.
export { INSTALLER_ERROR_CODES } from './errors.ts';
export type { InstallerErrorCode } from './errors.ts';
export { COMPONENT_STATES, RECOVERY_OUTCOMES } from './port.ts';
export type {
  Installer,
  DeployedComponent,
  ComponentState,
  InstallRequest,
  RecoveredInstall,
  RecoveryOutcome,
  HookTable,
} from './port.ts';
export {
  createDirectoryInstaller,
  DEFAULT_HOOK_TIMEOUT_MS,
  DEFAULT_HOOK_ENV,
} from './directory/installer.ts';
export type { DirectoryInstallerOptions } from './directory/installer.ts';
export {
  createCommandInstaller,
  COMMAND_OPERATIONS,
  COMMAND_EXIT_CODES,
  DEFAULT_COMMAND_TIMEOUT_MS,
} from './command/installer.ts';
export type { CommandInstallerOptions, CommandOperation } from './command/installer.ts';
export { runCommand } from './run-command.ts';
export type { CommandSpec, CommandResult } from './run-command.ts';
