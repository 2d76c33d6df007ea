/**
 * The MO plugin mounted at ./DMAcc: when a server deletes an account `<x>` (it holds Delete on its
 * own account), the ServerID it carried is scrubbed from every ACL once no other account uses it
 * (reference §7.4 "Deleting a ServerID"). The scrub is part of the same journaled operation, so an
 * Atomic rollback restores the ACLs together with the account.
 */
import type { MoPlugin } from '../plugin.ts';
import { accountUri } from './dmacc.ts';

export function dmAccPlugin(): MoPlugin {
  return {
    delete(req, next) {
      if (req.relative.length !== 1) return next();
      const raw = req.tree.read(`${req.uri}/ServerID`);
      const status = next();
      if (status === 200 && typeof raw === 'string' && accountUri(req.tree, raw) === undefined) {
        req.tree.scrubServerId(raw);
      }
      return status;
    },
  };
}
