import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildPackage, generateSigningKey, signPackageBytes } from '../../../test/support/packages.ts';
import { isScomoError } from '../../errors/index.ts';
import { createPackageTrust, decodeSignature, normalizeSha256, sha256File, verifyPackage } from './verify.ts';

let dir: string;
let n = 0;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scomo-verify-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const signer = generateSigningKey();
const stranger = generateSigningKey();

function code(expected: string) {
  return (err: unknown): boolean => {
    assert.ok(isScomoError(err, expected), `expected ${expected}, got ${String(err)}`);
    return true;
  };
}

describe('digest', () => {
  test('sha256 of the file, checked against the expected digest in hex or base64', async () => {
    const built = await buildPackage(dir, `p${++n}.tar.gz`);
    assert.equal(await sha256File(built.path), built.sha256);
    const trust = createPackageTrust();
    assert.equal(
      (await verifyPackage(built.path, { trust, expectedSha256: built.sha256.toUpperCase() })).sha256,
      built.sha256,
    );
    const b64 = Buffer.from(built.sha256, 'hex').toString('base64');
    await verifyPackage(built.path, { trust, expectedSha256: `sha-256=${b64}` });
  });

  test('a corrupted package fails the digest check', async () => {
    const built = await buildPackage(dir, `p${++n}.tar.gz`);
    const corrupted = Buffer.from(built.bytes);
    corrupted.writeUInt8(corrupted.readUInt8(corrupted.length - 10) ^ 0xff, corrupted.length - 10);
    await writeFile(built.path, corrupted);
    await assert.rejects(
      verifyPackage(built.path, { trust: createPackageTrust(), expectedSha256: built.sha256 }),
      code('SCOMO_PACKAGE_DIGEST'),
    );
  });

  test('a malformed expected digest is refused', () => {
    assert.throws(() => normalizeSha256('abc'), code('SCOMO_PACKAGE_DIGEST'));
  });
});

describe('signatures', () => {
  test('a <pkg>.sig over the digest statement verifies with a PEM key', async () => {
    const built = await buildPackage(dir, `p${++n}.zip`, { format: 'zip', signWith: signer.privateKey });
    const trust = createPackageTrust([stranger.publicPem, signer.publicPem], 'required');
    assert.equal((await verifyPackage(built.path, { trust })).signedBy, 1);
  });

  test('a signature over the raw bytes verifies with a raw 32-byte key', async () => {
    const built = await buildPackage(dir, `p${++n}.tar.gz`, {
      signWith: signer.privateKey,
      signatureMode: 'raw',
    });
    const trust = createPackageTrust([signer.publicRaw], 'required');
    assert.equal((await verifyPackage(built.path, { trust })).signedBy, 0);
  });

  test('a separately provided base64 signature is accepted', async () => {
    const built = await buildPackage(dir, `p${++n}.tar.gz`);
    const signature = Buffer.from(
      Buffer.from(signPackageBytes(built.bytes, signer.privateKey)).toString('base64'),
    );
    const trust = createPackageTrust([Buffer.from(signer.publicRaw).toString('hex')]);
    assert.equal((await verifyPackage(built.path, { trust, signature })).signedBy, 0);
  });

  test('a signature from an untrusted key is refused', async () => {
    const built = await buildPackage(dir, `p${++n}.tar.gz`, { signWith: stranger.privateKey });
    await assert.rejects(
      verifyPackage(built.path, { trust: createPackageTrust([signer.publicPem]) }),
      code('SCOMO_PACKAGE_SIGNATURE'),
    );
  });

  test('a package changed after signing is refused', async () => {
    const built = await buildPackage(dir, `p${++n}.tar.gz`, { signWith: signer.privateKey });
    const tampered = Buffer.from(built.bytes);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 5) ^ 1, tampered.length - 5);
    await writeFile(built.path, tampered);
    await assert.rejects(
      verifyPackage(built.path, { trust: createPackageTrust([signer.publicPem]) }),
      /does not verify/,
    );
  });

  test('the required policy refuses unsigned packages; the optional one accepts them', async () => {
    const built = await buildPackage(dir, `p${++n}.tar.gz`);
    await assert.rejects(
      verifyPackage(built.path, { trust: createPackageTrust([signer.publicPem], 'required') }),
      /requires one/,
    );
    assert.equal(
      (await verifyPackage(built.path, { trust: createPackageTrust([signer.publicPem]) })).signedBy,
      undefined,
    );
  });

  test('a signed package with no trusted keys is refused', async () => {
    const built = await buildPackage(dir, `p${++n}.tar.gz`, { signWith: signer.privateKey });
    await assert.rejects(
      verifyPackage(built.path, { trust: createPackageTrust() }),
      /trusts no signing keys/,
    );
  });

  test('malformed signatures are refused', () => {
    assert.throws(() => decodeSignature(new Uint8Array(10)), code('SCOMO_PACKAGE_SIGNATURE'));
  });

  test('keys that are not Ed25519 are a configuration error', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    assert.throws(() => createPackageTrust([publicKey]), code('SCOMO_PACKAGE_BAD_KEY'));
    assert.throws(() => createPackageTrust([new Uint8Array(31)]), code('SCOMO_PACKAGE_BAD_KEY'));
    assert.throws(
      () => createPackageTrust(['-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----']),
      code('SCOMO_PACKAGE_BAD_KEY'),
    );
    // A private key is accepted: its public half is what is trusted.
    assert.equal(createPackageTrust([signer.privateKey]).keys[0]?.type, 'public');
  });
});
