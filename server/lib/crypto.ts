// Field encryption (AES-256-GCM) with a key ring, plus a keyed HMAC blind index for exact lookup.
// Ciphertext format: "<kid>.<iv>.<tag>.<data>" (base64url), so old keys keep decrypting after rotation.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

export type FieldCrypto = {
  primaryKid: string;
  encrypt(plain: string): string;
  decrypt(box: string): string;
  blindIndex(kind: string, normalized: string): string;
  needsRotation(box: string): boolean;
};

type KeyRing = { keys: { kid: string; key: Buffer }[]; bidxKey: Buffer };

function parseKeys(spec: string): { kid: string; key: Buffer }[] {
  return spec.split(',').map((part) => {
    const [kid, b64] = part.trim().split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!kid || key.length !== 32) throw new Error('LINLI_ENCRYPTION_KEYS must be "kid:<base64 of 32 bytes>[,kid:...]"');
    return { kid, key };
  });
}

export function generateKeySpec(kid = `k${Date.now().toString(36)}`): string {
  return `${kid}:${crypto.randomBytes(32).toString('base64')}`;
}

/** Keys from the environment; otherwise from (or generated into) <dataDir>/keys.json. */
export function loadKeyRing(opts: { encryptionKeys: string | null; blindIndexKey: string | null; dataDir: string }): KeyRing {
  if (opts.encryptionKeys) {
    if (!opts.blindIndexKey) throw new Error('LINLI_BLIND_INDEX_KEY is required when LINLI_ENCRYPTION_KEYS is set');
    return { keys: parseKeys(opts.encryptionKeys), bidxKey: Buffer.from(opts.blindIndexKey, 'base64') };
  }
  const file = path.join(opts.dataDir, 'keys.json');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const spec = { encryptionKeys: generateKeySpec('k1'), blindIndexKey: crypto.randomBytes(32).toString('base64') };
    fs.writeFileSync(file, JSON.stringify(spec, null, 2), { mode: 0o600 });
  }
  const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as { encryptionKeys: string; blindIndexKey: string };
  return { keys: parseKeys(spec.encryptionKeys), bidxKey: Buffer.from(spec.blindIndexKey, 'base64') };
}

export function createFieldCrypto(ring: KeyRing): FieldCrypto {
  const byKid = new Map(ring.keys.map((k) => [k.kid, k.key]));
  const primary = ring.keys[0];
  return {
    primaryKid: primary.kid,
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', primary.key, iv);
      const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return [primary.kid, iv.toString('base64url'), c.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
    },
    decrypt(box) {
      const [kid, iv, tag, data] = box.split('.');
      const key = byKid.get(kid);
      if (!key || !iv || !tag || data === undefined) throw new Error(`Cannot decrypt: unknown key "${kid}"`);
      const d = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(data, 'base64url')), d.final()]).toString('utf8');
    },
    blindIndex(kind, normalized) {
      return crypto.createHmac('sha256', ring.bidxKey).update(`${kind}:${normalized}`).digest('base64url').slice(0, 32);
    },
    needsRotation(box) {
      return !box.startsWith(`${primary.kid}.`);
    },
  };
}

export function sha256(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}
