/** `scomo devices [--json]`: every device in the registry, in DevId order. */
import type { Command } from 'commander';
import type { DeviceRecord, Store } from '../../server/index.ts';
import { addStoreOptions, print, table, when, withServer } from '../operator.ts';

const PAGE = 500;

export function registerDevicesCommand(program: Command): void {
  addStoreOptions(
    program
      .command('devices')
      .description('list the devices of the DM server (its store, opened directly)')
      .option('--json', 'one JSON array of device summaries instead of a table'),
  ).action(async (flags: { json?: boolean; config?: string; data?: string; db?: string }) => {
    await withServer(flags, async ({ store }) => {
      const devices = await allDevices(store);
      if (flags.json === true) {
        await print(JSON.stringify(devices.map(summary), null, 2));
        return;
      }
      if (devices.length === 0) {
        await print('no devices (provision one with: scomo device <DEVID> --auth md5 --password <secret>)');
        return;
      }
      const rows = devices.map((d) => [
        d.devId,
        d.enabled ? 'yes' : 'no',
        d.clientCredential?.authType ?? 'none',
        when(d.lastSeenAt),
        d.devInfo['./DevInfo/Man'] ?? '',
        d.devInfo['./DevInfo/Mod'] ?? '',
      ]);
      await print(table([['DEVID', 'ENABLED', 'AUTH', 'LAST SEEN', 'MAN', 'MOD'], ...rows]));
    });
  });
}

async function allDevices(store: Store): Promise<DeviceRecord[]> {
  const out: DeviceRecord[] = [];
  for (;;) {
    const last = out.at(-1);
    const page = await store.listDevices({
      limit: PAGE,
      ...(last === undefined ? {} : { afterDevId: last.devId }),
    });
    out.push(...page);
    if (page.length < PAGE) return out;
  }
}

/** A device without its password equivalents (they verify credentials: as sensitive as passwords). */
export function summary(device: DeviceRecord) {
  return {
    devId: device.devId,
    enabled: device.enabled,
    registeredAt: when(device.registeredAt),
    lastSeenAt: device.lastSeenAt === null ? null : when(device.lastSeenAt),
    clientAuth:
      device.clientCredential === null
        ? null
        : { type: device.clientCredential.authType, username: device.clientCredential.username },
    serverAuth:
      device.serverCredential === null
        ? null
        : { type: device.serverCredential.authType, username: device.serverCredential.username },
    notifyAddress: device.notifyAddress,
    quirks: device.quirks,
    devInfo: device.devInfo,
    devDetail: device.devDetail,
  };
}
