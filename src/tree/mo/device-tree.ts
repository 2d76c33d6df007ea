/**
 * `createDeviceTree`: a DM Client tree with the standard MOs laid out (reference §7.4–7.7):
 *
 *   .            ACL Add=*&Get=*
 *   ./DevInfo    permanent, Get-only, Type urn:oma:mo:oma-dm-devinfo:1.0
 *   ./DevDetail  permanent, Get-only, Type urn:oma:mo:oma-dm-devdetail:1.0; its URI limits are enforced
 *   ./DMAcc      permanent, ACL Get=*, one <x> per account with ACL Delete=<id>&Get=<id>&Replace=<id>
 */
import { DmTree } from '../tree.ts';
import type { TreeClock, TreeQuota } from '../core.ts';
import { layoutDevDetail, limitsOf } from './devdetail.ts';
import { layoutDevInfo } from './devinfo.ts';
import { DMACC_URI, layoutDmAccRoot, putAccount } from './dmacc.ts';
import { dmAccPlugin } from './dmacc-plugin.ts';
import type { DevDetail, DevInfo, DmAccount } from './types.ts';

export interface DeviceTreeOptions {
  readonly devInfo: DevInfo;
  readonly devDetail: DevDetail;
  readonly accounts?: readonly DmAccount[];
  readonly clock?: TreeClock;
  readonly quota?: TreeQuota;
  readonly onPluginError?: (err: unknown) => void;
}

/** Throws ScomoError SCOMO_TREE_ACCOUNT_INVALID / SCOMO_TREE_LAYOUT for unusable options. */
export function createDeviceTree(options: DeviceTreeOptions): DmTree {
  const tree = new DmTree({
    limits: limitsOf(options.devDetail),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.quota === undefined ? {} : { quota: options.quota }),
    ...(options.onPluginError === undefined ? {} : { onPluginError: options.onPluginError }),
  });
  layoutDevInfo(tree.local, options.devInfo);
  layoutDevDetail(tree.local, options.devDetail);
  layoutDmAccRoot(tree.local);
  for (const account of options.accounts ?? []) putAccount(tree.local, account);
  tree.mount(DMACC_URI, dmAccPlugin());
  return tree;
}
