import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isScomoError } from '../../errors/index.ts';
import { createDeviceTree } from './device-tree.ts';
import { findAccount, listAccounts, putAccount, removeAccount, setAccountNonce } from './dmacc.ts';
import type { DmAccount } from './types.ts';
import type { GetOutcome } from '../results.ts';

const srvA: DmAccount = {
  serverId: 'srvA',
  name: 'Server A',
  addr: 'https://dm.a.example/dm',
  port: 443,
  authPref: 'DIGEST',
  clientCred: {
    level: 'CLCRED',
    type: 'DIGEST',
    name: 'Bruce2',
    secret: 'OhBehave',
    nonce: new Uint8Array([1, 2, 3]),
  },
  serverCred: {
    level: 'SRVCRED',
    type: 'DIGEST',
    name: 'srvA',
    secret: 's3cret',
    nonce: new Uint8Array([4]),
  },
};
const srvB: DmAccount = {
  serverId: 'srv/B',
  addr: 'https://dm.b.example/',
  clientCred: { level: 'CLCRED', type: 'BASIC', name: 'dev', secret: 'pw', nonce: new Uint8Array(0) },
  serverCred: { level: 'SRVCRED', type: 'HMAC', name: 'b', secret: 'bs', nonce: new Uint8Array([9]) },
};

function device() {
  return createDeviceTree({
    devInfo: { devId: 'IMEI:493005100592800', man: 'Acme', mod: 'Rocket', dmV: 'scomo/0.1', lang: 'en-US' },
    devDetail: {
      devTyp: 'phone',
      oem: 'Acme OEM',
      fwV: '1.0',
      swV: '2.0',
      hwV: '3.0',
      uri: { maxDepth: 12, maxTotLen: 200, maxSegLen: 32 },
    },
    accounts: [srvA, srvB],
    clock: { now: () => Date.UTC(2024, 5, 1) },
  });
}

function data(r: GetOutcome): unknown {
  assert.ok(r.status === 200 && r.result.kind === 'value', `status ${r.status}`);
  return r.result.data;
}

const A = { serverId: 'srvA' };
const B = { serverId: 'srv/B' };

describe('standard MO layout', () => {
  test('DevInfo: the five leaves, MOID, Get only, permanent', () => {
    const t = device();
    assert.equal(data(t.get('./DevInfo', A)), 'DevId/Man/Mod/DmV/Lang');
    assert.equal(data(t.get('./DevInfo?prop=Type', A)), 'urn:oma:mo:oma-dm-devinfo:1.0');
    assert.equal(data(t.get('./DevInfo/DevId', A)), 'IMEI:493005100592800');
    assert.equal(data(t.get('./DevInfo/Lang', { serverId: 'anyone' })), 'en-US');
    assert.equal(t.replace('./DevInfo/Man', { data: 'Evil' }, A), 405);
    assert.equal(t.delete('./DevInfo', A), 405);
    assert.equal(t.add('./DevInfo/Extra', { data: 'x' }, A), 405);
  });

  test('DevDetail: URI limits, versions, LrgObj=true; the limits are enforced (414)', () => {
    const t = device();
    assert.equal(data(t.get('./DevDetail?prop=Type', A)), 'urn:oma:mo:oma-dm-devdetail:1.0');
    assert.equal(data(t.get('./DevDetail/URI/MaxDepth', A)), '12');
    assert.equal(data(t.get('./DevDetail/URI/MaxTotLen', A)), '200');
    assert.equal(data(t.get('./DevDetail/URI/MaxSegLen', A)), '32');
    assert.equal(data(t.get('./DevDetail/FwV', A)), '1.0');
    assert.equal(data(t.get('./DevDetail/LrgObj?prop=Format', A)), 'bool');
    assert.equal(data(t.get('./DevDetail/LrgObj', A)), 'true');
    assert.deepEqual(t.limits, { maxDepth: 12, maxTotLen: 200, maxSegLen: 32 });
    assert.equal(t.get(`./${'x'.repeat(33)}`, A).status, 414);
    assert.equal(t.add(`./${'a/'.repeat(12)}b`, { data: '1' }, A), 414);
  });

  test('root ACL is Add=*&Get=*', () => {
    assert.equal(data(device().get('.?prop=ACL', A)), 'Add=*&Get=*');
  });

  test('DMAcc: one <x> per server with MOID and an ACL for its ServerID', () => {
    const t = device();
    assert.equal(data(t.get('./DMAcc', A)), 'srvA/srv_B');
    assert.equal(data(t.get('./DMAcc/srvA?prop=Type', A)), 'urn:oma:mo:oma-dm-dmacc:1.0');
    assert.equal(data(t.get('./DMAcc/srvA?prop=ACL', A)), 'Delete=srvA&Get=srvA&Replace=srvA');
    assert.equal(data(t.get('./DMAcc/srv_B?prop=ACL', B)), 'Delete=srv/B&Get=srv/B&Replace=srv/B');
    assert.equal(data(t.get('./DMAcc/srvA/AppID', A)), 'w7');
    assert.equal(data(t.get('./DMAcc/srvA/ServerID', A)), 'srvA');
    assert.equal(data(t.get('./DMAcc/srvA/AppAddr/1/Addr', A)), 'https://dm.a.example/dm');
    assert.equal(data(t.get('./DMAcc/srvA/AppAddr/1/AddrType', A)), 'URI');
    assert.equal(data(t.get('./DMAcc/srvA/AppAddr/1/Port/1/PortNbr', A)), '443');
    assert.equal(data(t.get('./DMAcc/srvA/AAuthPref', A)), 'DIGEST');
    assert.equal(data(t.get('./DMAcc/srvA/AppAuth/ClientSide/AAuthLevel', A)), 'CLCRED');
    assert.equal(data(t.get('./DMAcc/srvA/AppAuth/ServerSide/AAuthName', A)), 'srvA');
    assert.equal(t.get('./DMAcc/srvA/ServerID', B).status, 425, 'another server cannot read the account');
    assert.equal(t.replace('./DMAcc/srvA/ServerID', { data: 'x' }, A), 405, 'ServerID is Get only');
    assert.equal(t.add('./DMAcc/evil', { format: 'node' }, A), 405, 'servers cannot create accounts');
  });

  test('AAuthSecret and AAuthData are not readable by any server (405), but replaceable by the owner', () => {
    const t = device();
    for (const leaf of ['AAuthSecret', 'AAuthData']) {
      assert.equal(t.get(`./DMAcc/srvA/AppAuth/ClientSide/${leaf}`, A).status, 405);
      assert.equal(t.get(`./DMAcc/srvA/AppAuth/ClientSide/${leaf}?prop=Size`, A).status, 405);
      assert.equal(t.copy(`./DMAcc/srvA/AppAuth/ClientSide/${leaf}`, './Stolen', A), 405);
    }
    const list = t.get('./DMAcc/srvA/AppAuth?list=StructData', A);
    assert.ok(list.status === 200 && list.result.kind === 'list');
    const secret = list.result.entries.find((e) => e.uri.endsWith('ClientSide/AAuthSecret'));
    assert.deepEqual(secret, {
      uri: './DMAcc/srvA/AppAuth/ClientSide/AAuthSecret',
      format: 'chr',
      type: 'text/plain',
    });
    const tnds = t.get('./DMAcc/srvA?list=TNDS', A);
    assert.ok(tnds.status === 200 && tnds.result.kind === 'tnds');
    assert.ok(!JSON.stringify(tnds.result.tree).includes('OhBehave'));
    assert.equal(t.replace('./DMAcc/srvA/AppAuth/ClientSide/AAuthSecret', { data: 'newpw' }, A), 200);
    assert.equal(t.local.read('./DMAcc/srvA/AppAuth/ClientSide/AAuthSecret'), 'newpw', 'the agent reads it');
  });
});

describe('account accessors', () => {
  test('listAccounts reads back what was laid out', () => {
    const t = device();
    assert.deepEqual(listAccounts(t.local), [
      { ...srvA, addrType: 'URI', nodeName: 'srvA' },
      { ...srvB, addrType: 'URI', nodeName: 'srv_B' },
    ]);
    assert.equal(findAccount(t.local, 'srv/B')?.serverCred.secret, 'bs');
    assert.equal(findAccount(t.local, 'nobody'), undefined);
  });

  test('setAccountNonce stores a new NextNonce in AAuthData', () => {
    const t = device();
    const r = t.revision;
    assert.equal(setAccountNonce(t.local, 'srvA', 'CLCRED', new Uint8Array([7, 7])), true);
    assert.deepEqual(findAccount(t.local, 'srvA')?.clientCred.nonce, new Uint8Array([7, 7]));
    assert.deepEqual(findAccount(t.local, 'srvA')?.serverCred.nonce, new Uint8Array([4]));
    assert.equal(t.revision, r + 1);
    assert.equal(setAccountNonce(t.local, 'nobody', 'SRVCRED', new Uint8Array(1)), false);
  });

  test('a nonce a server stored as b64 is read back as bytes', () => {
    const t = device();
    assert.equal(
      t.replace('./DMAcc/srvA/AppAuth/ServerSide/AAuthData', { format: 'b64', data: 'AQID' }, A),
      200,
    );
    assert.deepEqual(findAccount(t.local, 'srvA')?.serverCred.nonce, new Uint8Array([1, 2, 3]));
  });

  test('putAccount overwrites the account of the same ServerID, keeping its node name', () => {
    const t = device();
    putAccount(t.local, { ...srvA, addr: 'https://new.example/' });
    assert.equal(findAccount(t.local, 'srvA')?.addr, 'https://new.example/');
    assert.equal(findAccount(t.local, 'srvA')?.nodeName, 'srvA');
    assert.equal(listAccounts(t.local).length, 2);
  });

  test('invalid accounts are refused with a typed error', () => {
    const t = device();
    for (const bad of [
      { ...srvA, serverId: '*' },
      { ...srvA, serverId: 'a b' },
      { ...srvA, port: 70000 },
      { ...srvA, addr: '' },
    ]) {
      assert.throws(
        () => putAccount(t.local, bad),
        (e: unknown) => isScomoError(e, 'SCOMO_TREE_ACCOUNT_INVALID'),
      );
    }
  });

  test('removeAccount deletes it and scrubs the ServerID from every ACL', () => {
    const t = device();
    t.local.add('./Shared', { data: 'x', acl: 'Get=srvA+srv/B&Replace=srvA' });
    assert.equal(removeAccount(t.local, 'srvA'), true);
    assert.equal(t.local.exists('./DMAcc/srvA'), false);
    assert.equal(data(t.local.get('./Shared?prop=ACL')), 'Get=srv/B');
    assert.equal(removeAccount(t.local, 'srvA'), false);
  });
});

describe('a server deleting its own account', () => {
  test('is allowed, and its ServerID disappears from every ACL', () => {
    const t = device();
    t.local.add('./Shared', { data: 'x', acl: 'Get=srvA+srv/B&Replace=srvA' });
    assert.equal(t.delete('./DMAcc/srv_B', A), 425, 'not somebody else’s');
    assert.equal(t.delete('./DMAcc/srvA', A), 200);
    assert.equal(data(t.local.get('./Shared?prop=ACL')), 'Get=srv/B');
    assert.deepEqual(
      listAccounts(t.local).map((a) => a.serverId),
      ['srv/B'],
    );
  });

  test('inside a rolled-back Atomic, the account and the ACLs come back', () => {
    const t = device();
    t.local.add('./Shared', { data: 'x', acl: 'Get=srvA' });
    const before = JSON.stringify(t.snapshot());
    const tx = t.begin();
    assert.equal(t.delete('./DMAcc/srvA', A), 200);
    assert.equal(data(t.local.get('./Shared?prop=ACL')), '');
    tx.rollback();
    assert.equal(JSON.stringify(t.snapshot()), before);
  });
});
