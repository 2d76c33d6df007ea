/**
 * OMA Download OTA 1.0 install notification status codes (§6.2 "Status Report"): the body of the
 * POST to installNotifyURI is the code and its message, e.g. "900 Success".
 */
export const INSTALL_NOTIFY_STATUSES = {
  900: 'Success',
  901: 'Insufficient memory',
  902: 'User Cancelled',
  903: 'Loss of Service',
  905: 'Attribute mismatch',
  906: 'Invalid descriptor',
  951: 'Invalid DDVersion',
  952: 'Device Aborted',
  953: 'Non-Acceptable Content',
  954: 'Loader Error',
} as const;

export type InstallNotifyStatus = keyof typeof INSTALL_NOTIFY_STATUSES;

/** The body of an install notification: "<code> <message>" (no trailing newline, as in the DL spec examples). */
export function installNotifyBody(status: InstallNotifyStatus): string {
  return `${status} ${INSTALL_NOTIFY_STATUSES[status]}`;
}

/**
 * The DL status that reports a download failure of the given error code (or 900 for success):
 * memory/quota → 901, size/type mismatch → 905, bad descriptor → 906, validation (digest,
 * signature, archive, manifest, EnvType) → 953, the agent stopping → 952, network and HTTP → 954.
 */
export function installNotifyStatusFor(code: string | undefined): InstallNotifyStatus {
  if (code === undefined) return 900;
  if (code === 'SCOMO_STORAGE_FULL' || code === 'SCOMO_DOWNLOAD_TOO_LARGE') return 901;
  if (code === 'SCOMO_DOWNLOAD_MISMATCH') return 905;
  if (code === 'SCOMO_DOWNLOAD_DESCRIPTOR') return 906;
  if (code === 'SCOMO_DOWNLOAD_ABORTED') return 952;
  if (code.startsWith('SCOMO_PACKAGE_')) return 953;
  return 954;
}
