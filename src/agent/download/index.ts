// The Alternate Download Client (HTTP Range resume, sha256, OMA DL descriptors) and direct delivery over DM.
export { DOWNLOAD_ERROR_CODES, DOWNLOAD_RESULT_CODES } from './errors.ts';
export type { DownloadErrorCode } from './errors.ts';
export { createDownloadClient } from './client.ts';
export type { DownloadClient, DownloadClientOptions, DownloadRequest, DownloadResult } from './types.ts';
export { DD_CONTENT_TYPE, MAX_DESCRIPTOR_BYTES, parseDescriptor } from './descriptor.ts';
export type { DownloadDescriptor, DescriptorParse } from './descriptor.ts';
export { INSTALL_NOTIFY_STATUSES, installNotifyBody, installNotifyStatusFor } from './install-notify.ts';
export type { InstallNotifyStatus } from './install-notify.ts';
export { partFile, partStateFile, discardPart } from './part-state.ts';
export { createDeliverySink, DELIVERY_ERROR_CODES } from './delivery-sink.ts';
export type {
  DeliverySink,
  DeliverySinkOptions,
  CommittedDelivery,
  DeliveryErrorCode,
} from './delivery-sink.ts';
