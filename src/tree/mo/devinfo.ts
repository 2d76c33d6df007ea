/** ./DevInfo (reference §7.5): permanent, Get-only; sent by the session engine in package #1. */
import type { LocalTree } from '../local.ts';
import { place, readOnlyInterior, readOnlyLeaf } from './layout.ts';
import { MO_IDS } from './types.ts';
import type { DevInfo } from './types.ts';

export const DEVINFO_URI = './DevInfo';

/** The five leaves package #1 reports (DM 1.2 Protocol §8.3 / reference §7.5). */
export const DEVINFO_LEAVES = ['DevId', 'Man', 'Mod', 'DmV', 'Lang'] as const;

export function layoutDevInfo(local: LocalTree, info: DevInfo): void {
  place(local, DEVINFO_URI, readOnlyInterior(MO_IDS.devInfo));
  const values: Record<(typeof DEVINFO_LEAVES)[number], string> = {
    DevId: info.devId,
    Man: info.man,
    Mod: info.mod,
    DmV: info.dmV,
    Lang: info.lang,
  };
  for (const name of DEVINFO_LEAVES) place(local, `${DEVINFO_URI}/${name}`, readOnlyLeaf(values[name]));
  if (info.ext) {
    place(local, `${DEVINFO_URI}/Ext`, readOnlyInterior());
    for (const [name, value] of Object.entries(info.ext))
      place(local, `${DEVINFO_URI}/Ext/${name}`, readOnlyLeaf(value));
  }
}
