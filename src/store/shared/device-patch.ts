import type { DevicePatch, DeviceRecord } from '../../server/index.ts';

/**
 * The device after `patch`: every field the patch names replaces the stored one; devId and
 * registeredAt never change (Store.updateDevice). A key present with `undefined` (possible from
 * untyped callers) is treated as absent rather than written as a missing column.
 */
export function applyDevicePatch(device: DeviceRecord, patch: DevicePatch): DeviceRecord {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return { ...device, ...(defined as DevicePatch), devId: device.devId, registeredAt: device.registeredAt };
}
