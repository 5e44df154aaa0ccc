import type { KeyObject } from 'node:crypto';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

/** What a signature vouches for: this case, this exact file, this investigator, at this time, under this key. */
export interface SignedStatement {
  caseId: string;
  sha256: string;
  signerId: string;
  /** ISO 8601 in UTC with milliseconds, exactly as Date#toISOString writes it. */
  signedAt: string;
  keyId: string;
}

// Signed along with the fields so a signature over an evidence statement cannot be passed off as any other signed message.
const STATEMENT_TYPE = 'verity/evidence-statement/v1';

/**
 * The exact bytes that are signed: JSON with a fixed key order and only the known fields, so extra properties or
 * a different property order cannot change what is verified. Refuses values that have more than one spelling.
 */
export function canonicalStatement(s: SignedStatement): string {
  for (const field of ['caseId', 'signerId', 'keyId'] as const) {
    if (typeof s[field] !== 'string' || s[field].length === 0)
      throw new Error(`Statement ${field} must be a non-empty string`);
  }
  if (typeof s.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(s.sha256))
    throw new Error('Statement sha256 must be 64 lowercase hex digits');
  if (
    typeof s.signedAt !== 'string' ||
    Number.isNaN(Date.parse(s.signedAt)) ||
    new Date(s.signedAt).toISOString() !== s.signedAt
  ) {
    throw new Error('Statement signedAt must be an ISO timestamp as written by Date#toISOString');
  }
  return JSON.stringify({
    type: STATEMENT_TYPE,
    caseId: s.caseId,
    sha256: s.sha256,
    signerId: s.signerId,
    signedAt: s.signedAt,
    keyId: s.keyId,
  });
}

/** First 16 hex digits of the SHA-256 of the public key's SPKI DER: names the key inside a statement. */
export function keyIdOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

function decodeSignature(signatureB64: string): Buffer | null {
  if (typeof signatureB64 !== 'string') return null;
  const bytes = Buffer.from(signatureB64, 'base64');
  // Buffer.from skips junk characters; requiring the exact re-encoding keeps one spelling per signature.
  return bytes.length === 64 && bytes.toString('base64') === signatureB64 ? bytes : null;
}

/**
 * Checks a statement with only the public key, so auditors and other deployments can verify without the secret.
 * Never throws on bad input: a malformed statement or signature simply does not verify.
 */
export function verifyStatement(publicKeyPem: string, statement: SignedStatement, signatureB64: string): boolean {
  try {
    const publicKey = createPublicKey(publicKeyPem);
    if (publicKey.asymmetricKeyType !== 'ed25519' || statement.keyId !== keyIdOf(publicKey)) return false;
    const signature = decodeSignature(signatureB64);
    if (!signature) return false;
    return verify(null, Buffer.from(canonicalStatement(statement), 'utf8'), publicKey, signature);
  } catch {
    return false;
  }
}

/** Signs investigation-report statements with the deployment's Ed25519 key. */
export class EvidenceSigner {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly id: string;

  constructor(privateKeyPem: string) {
    this.privateKey = createPrivateKey(privateKeyPem);
    if (this.privateKey.asymmetricKeyType !== 'ed25519') {
      throw new Error(`Evidence signing key must be Ed25519, not ${this.privateKey.asymmetricKeyType ?? 'unknown'}`);
    }
    this.publicKey = createPublicKey(this.privateKey);
    this.id = keyIdOf(this.publicKey);
  }

  /** A fresh PKCS#8 PEM private key, e.g. for a new deployment's configuration. */
  static generatePrivateKeyPem(): string {
    return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }

  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  keyId(): string {
    return this.id;
  }

  sign(statement: SignedStatement): string {
    // A statement naming another key would never verify; refuse it now rather than store a useless signature.
    if (statement.keyId !== this.id)
      throw new Error(`Statement keyId ${statement.keyId} is not this signer's key ${this.id}`);
    return sign(null, Buffer.from(canonicalStatement(statement), 'utf8'), this.privateKey).toString('base64');
  }

  verify(statement: SignedStatement, signatureB64: string): boolean {
    return verifyStatement(this.publicKeyPem(), statement, signatureB64);
  }
}
