/** ./DevDetail (reference §7.6): permanent, Get-only; the URI limits are also enforced by the tree. */
import type { LocalTree } from '../local.ts';
import type { UriLimits } from '../uri.ts';
import { place, readOnlyInterior, readOnlyLeaf } from './layout.ts';
import { MO_IDS } from './types.ts';
import type { DevDetail } from './types.ts';

export const DEVDETAIL_URI = './DevDetail';

export function limitsOf(detail: DevDetail): UriLimits {
  return {
    maxDepth: detail.uri?.maxDepth ?? 0,
    maxTotLen: detail.uri?.maxTotLen ?? 0,
    maxSegLen: detail.uri?.maxSegLen ?? 0,
  };
}

export function layoutDevDetail(local: LocalTree, detail: DevDetail): void {
  const limits = limitsOf(detail);
  place(local, DEVDETAIL_URI, readOnlyInterior(MO_IDS.devDetail));
  place(local, `${DEVDETAIL_URI}/URI`, readOnlyInterior());
  // chr numeric strings, as the DM 1.2 DDF declares them (reference §7.6).
  place(local, `${DEVDETAIL_URI}/URI/MaxDepth`, readOnlyLeaf(String(limits.maxDepth)));
  place(local, `${DEVDETAIL_URI}/URI/MaxTotLen`, readOnlyLeaf(String(limits.maxTotLen)));
  place(local, `${DEVDETAIL_URI}/URI/MaxSegLen`, readOnlyLeaf(String(limits.maxSegLen)));
  place(local, `${DEVDETAIL_URI}/DevTyp`, readOnlyLeaf(detail.devTyp));
  place(local, `${DEVDETAIL_URI}/OEM`, readOnlyLeaf(detail.oem));
  place(local, `${DEVDETAIL_URI}/FwV`, readOnlyLeaf(detail.fwV));
  place(local, `${DEVDETAIL_URI}/SwV`, readOnlyLeaf(detail.swV));
  place(local, `${DEVDETAIL_URI}/HwV`, readOnlyLeaf(detail.hwV));
  place(local, `${DEVDETAIL_URI}/LrgObj`, readOnlyLeaf(String(detail.lrgObj ?? true), 'bool'));
  if (detail.ext) {
    place(local, `${DEVDETAIL_URI}/Ext`, readOnlyInterior());
    for (const [name, value] of Object.entries(detail.ext))
      place(local, `${DEVDETAIL_URI}/Ext/${name}`, readOnlyLeaf(value));
  }
}
