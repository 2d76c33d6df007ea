/**
 * Lifecycle of `Download/<x>` (reference §1.4, §1.6): Download, DownloadInstall,
 * DownloadInstallInactive and the scomo extension DownloadInstallActivate. Status 10→30→40 for a
 * download, →50 while installing (and activating), back to 10 after a successful install; 20, 60,
 * 70 on failures.
 */
import { SCOMO_RESULTS } from '../../vocabulary/result-codes.ts';
import {
  DELIVERED_STATE,
  DELIVERED_STATUS,
  DEPLOYED_STATE,
  DEPLOYED_STATUS,
  DOWNLOAD_STATUS,
} from '../../vocabulary/states.ts';
import { installModeOf, isOperationOf } from '../../vocabulary/operations.ts';
import type { DownloadOperation } from '../../vocabulary/operations.ts';
import { ignore, refuse, reject } from './types.ts';
import type { LifecycleEvent, Transition } from './types.ts';

export const DOWNLOAD_FSM_STATES = [
  'idle',
  'downloadFailed',
  'downloading',
  'downloaded',
  'installing',
  'activating',
  'installFailedKept',
  'installFailedDeleted',
] as const;

export type DownloadFsmName = (typeof DOWNLOAD_FSM_STATES)[number];
export type DownloadBusyName = 'downloading' | 'installing' | 'activating';

export type DownloadFsmState =
  | { readonly name: Exclude<DownloadFsmName, DownloadBusyName> }
  | { readonly name: DownloadBusyName; readonly operation: DownloadOperation };

/** The Status leaf of each state (activating shows 50: the combined operation is still installing). */
export const DOWNLOAD_STATE_STATUS: Readonly<Record<DownloadFsmName, number>> = {
  idle: DOWNLOAD_STATUS.idle.code,
  downloadFailed: DOWNLOAD_STATUS.downloadFailed.code,
  downloading: DOWNLOAD_STATUS.downloading.code,
  downloaded: DOWNLOAD_STATUS.downloaded.code,
  installing: DOWNLOAD_STATUS.installing.code,
  activating: DOWNLOAD_STATUS.installing.code,
  installFailedKept: DOWNLOAD_STATUS.installFailedKept.code,
  installFailedDeleted: DOWNLOAD_STATUS.installFailedDeleted.code,
};

/** The resting state a Status leaf shows; a progress value without a running operation reads as idle. */
export function downloadStateFromStatus(code: number | undefined): DownloadFsmState {
  switch (code) {
    case DOWNLOAD_STATUS.downloadFailed.code:
      return { name: 'downloadFailed' };
    case DOWNLOAD_STATUS.downloaded.code:
      return { name: 'downloaded' };
    case DOWNLOAD_STATUS.installFailedKept.code:
      return { name: 'installFailedKept' };
    case DOWNLOAD_STATUS.installFailedDeleted.code:
      return { name: 'installFailedDeleted' };
    default:
      return { name: 'idle' };
  }
}

function isBusy(
  state: DownloadFsmState,
): state is Extract<DownloadFsmState, { operation: DownloadOperation }> {
  return 'operation' in state;
}

function exec(
  state: DownloadFsmState,
  event: Extract<LifecycleEvent, { type: 'exec' }>,
): Transition<DownloadFsmState> {
  const { operation, facts } = event;
  if (!isOperationOf('download', operation)) return ignore(state, event);
  if (isBusy(state) || facts.busy) return refuse(state, 503, `Download/<x> is busy (${state.name})`);
  if (!facts.supported) return reject(state, SCOMO_RESULTS.notImplemented.code);
  if (!facts.hasPkgUrl) return refuse(state, 403, 'PkgURL is missing or empty');
  if (!facts.envTypeSupported) return reject(state, SCOMO_RESULTS.unsupportedEnvType.code);
  return {
    state: { name: 'downloading', operation },
    effects: [
      { do: 'status', of: 'self', code: DOWNLOAD_STATUS.downloading.code },
      { do: 'work', work: 'download' },
    ],
  };
}

export function transitionDownload(
  state: DownloadFsmState,
  event: LifecycleEvent,
): Transition<DownloadFsmState> {
  if (event.type === 'exec') return exec(state, event);
  if (!isBusy(state)) return ignore(state, event);
  const { operation } = state;
  const installAs = installModeOf(operation);
  switch (event.type) {
    case 'downloadProgress':
      return state.name === 'downloading' ? { state, effects: [] } : ignore(state, event);
    case 'downloadDone':
      if (state.name !== 'downloading') return ignore(state, event);
      if (installAs === undefined) {
        return {
          state: { name: 'downloaded' },
          effects: [
            { do: 'status', of: 'self', code: DOWNLOAD_STATUS.downloaded.code },
            { do: 'deliver' },
            { do: 'complete', resultCode: SCOMO_RESULTS.successful.code, about: 'package' },
          ],
        };
      }
      return {
        state: { name: 'installing', operation },
        effects: [
          { do: 'status', of: 'self', code: DOWNLOAD_STATUS.installing.code },
          { do: 'deliver' },
          { do: 'status', of: 'package', code: DELIVERED_STATUS.installing.code },
          { do: 'work', work: 'install', active: installAs === 'active' },
        ],
      };
    case 'downloadFailed':
      if (state.name !== 'downloading') return ignore(state, event);
      return {
        state: { name: 'downloadFailed' },
        effects: [
          { do: 'status', of: 'self', code: DOWNLOAD_STATUS.downloadFailed.code },
          { do: 'complete', resultCode: event.resultCode, about: 'self' },
        ],
      };
    case 'installDone': {
      if (state.name !== 'installing') return ignore(state, event);
      const packageInstalled = [
        { do: 'state', of: 'package', code: DELIVERED_STATE.installed.code },
        { do: 'status', of: 'package', code: DELIVERED_STATUS.idle.code },
      ] as const;
      if (operation === 'DownloadInstallActivate') {
        return {
          state: { name: 'activating', operation },
          effects: [
            ...packageInstalled,
            {
              do: 'deploy',
              components: event.components,
              active: false,
              status: DEPLOYED_STATUS.activating.code,
            },
            { do: 'work', work: 'activate' },
          ],
        };
      }
      return {
        state: { name: 'idle' },
        effects: [
          { do: 'status', of: 'self', code: DOWNLOAD_STATUS.idle.code },
          ...packageInstalled,
          {
            do: 'deploy',
            components: event.components,
            active: installAs === 'active',
            status: DEPLOYED_STATUS.idle.code,
          },
          { do: 'complete', resultCode: SCOMO_RESULTS.successful.code, about: 'components' },
        ],
      };
    }
    case 'installFailed':
      if (state.name !== 'installing') return ignore(state, event);
      if (event.packageKept) {
        return {
          state: { name: 'installFailedKept' },
          effects: [
            { do: 'status', of: 'self', code: DOWNLOAD_STATUS.installFailedKept.code },
            { do: 'status', of: 'package', code: DELIVERED_STATUS.installFailed.code },
            { do: 'complete', resultCode: event.resultCode, about: 'package' },
          ],
        };
      }
      return {
        state: { name: 'installFailedDeleted' },
        effects: [
          { do: 'status', of: 'self', code: DOWNLOAD_STATUS.installFailedDeleted.code },
          { do: 'dropPackage' },
          { do: 'complete', resultCode: event.resultCode, about: 'self' },
        ],
      };
    case 'activateDone':
      if (state.name !== 'activating') return ignore(state, event);
      return {
        state: { name: 'idle' },
        effects: [
          { do: 'status', of: 'self', code: DOWNLOAD_STATUS.idle.code },
          { do: 'state', of: 'components', code: DEPLOYED_STATE.active.code },
          { do: 'status', of: 'components', code: DEPLOYED_STATUS.idle.code },
          { do: 'complete', resultCode: SCOMO_RESULTS.successful.code, about: 'components' },
        ],
      };
    case 'activateFailed':
      // The package is installed (Download Status back to 10); the components stay Inactive with
      // Deployed Status 40 "activate failed".
      if (state.name !== 'activating') return ignore(state, event);
      return {
        state: { name: 'idle' },
        effects: [
          { do: 'status', of: 'self', code: DOWNLOAD_STATUS.idle.code },
          { do: 'status', of: 'components', code: DEPLOYED_STATUS.activateFailed.code },
          { do: 'complete', resultCode: event.resultCode, about: 'components' },
        ],
      };
    default:
      return ignore(state, event);
  }
}
