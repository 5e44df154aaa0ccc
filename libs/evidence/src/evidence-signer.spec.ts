import { generateKeyPairSync } from 'node:crypto';
import type { SignedStatement } from './evidence-signer';
import { EvidenceSigner, canonicalStatement, verifyStatement } from './evidence-signer';

describe('EvidenceSigner', () => {
  const pem = EvidenceSigner.generatePrivateKeyPem();
  const signer = new EvidenceSigner(pem);
  const statement: SignedStatement = {
    caseId: 'case-42',
    sha256: 'a'.repeat(64),
    signerId: 'investigator-7',
    signedAt: '2025-03-01T09:30:00.000Z',
    keyId: signer.keyId(),
  };

  it('verifies its own signature, also from the public key alone', () => {
    const signature = signer.sign(statement);
    expect(Buffer.from(signature, 'base64')).toHaveLength(64);
    expect(signer.verify(statement, signature)).toBe(true);
    expect(verifyStatement(signer.publicKeyPem(), statement, signature)).toBe(true);
  });

  it.each([
    ['sha256', { sha256: 'b'.repeat(64) }],
    ['signerId', { signerId: 'investigator-8' }],
    ['signedAt', { signedAt: '2025-03-01T09:30:00.001Z' }],
    ['caseId', { caseId: 'case-43' }],
    ['keyId', { keyId: '0123456789abcdef' }],
  ])('fails when %s changes', (_field, change) => {
    const signature = signer.sign(statement);
    expect(signer.verify({ ...statement, ...change }, signature)).toBe(false);
  });

  it('fails under another key', () => {
    const other = new EvidenceSigner(EvidenceSigner.generatePrivateKeyPem());
    const signature = signer.sign(statement);
    expect(other.verify(statement, signature)).toBe(false);
    expect(other.verify({ ...statement, keyId: other.keyId() }, signature)).toBe(false);
  });

  it('fails on a damaged or malformed signature instead of throwing', () => {
    const signature = Buffer.from(signer.sign(statement), 'base64');
    signature[0] ^= 1;
    expect(signer.verify(statement, signature.toString('base64'))).toBe(false);
    expect(signer.verify(statement, 'not base64!')).toBe(false);
    expect(signer.verify(statement, '')).toBe(false);
    expect(signer.verify({ ...statement, signedAt: 'yesterday' }, signer.sign(statement))).toBe(false);
  });

  it('keeps a stable key id derived from the public key', () => {
    expect(signer.keyId()).toMatch(/^[0-9a-f]{16}$/);
    expect(new EvidenceSigner(pem).keyId()).toBe(signer.keyId());
    expect(new EvidenceSigner(pem).publicKeyPem()).toBe(signer.publicKeyPem());
    expect(new EvidenceSigner(EvidenceSigner.generatePrivateKeyPem()).keyId()).not.toBe(signer.keyId());
  });

  it('refuses to sign a statement naming another key, and non-Ed25519 keys', () => {
    expect(() => signer.sign({ ...statement, keyId: '0123456789abcdef' })).toThrow(/not this signer's key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() => new EvidenceSigner(rsa)).toThrow(/Ed25519/);
  });
});

describe('canonicalStatement', () => {
  const base: SignedStatement = {
    caseId: 'c',
    sha256: 'f'.repeat(64),
    signerId: 's',
    signedAt: '2025-01-01T00:00:00.000Z',
    keyId: 'k',
  };

  it('writes a fixed key order whatever order the object has, and ignores extra fields', () => {
    const shuffled = {
      keyId: 'k',
      signedAt: base.signedAt,
      signerId: 's',
      sha256: base.sha256,
      caseId: 'c',
      note: 'x',
    };
    expect(canonicalStatement(shuffled)).toBe(canonicalStatement(base));
    expect(canonicalStatement(base)).toBe(
      `{"type":"verity/evidence-statement/v1","caseId":"c","sha256":"${'f'.repeat(64)}","signerId":"s","signedAt":"2025-01-01T00:00:00.000Z","keyId":"k"}`,
    );
  });

  it('refuses values with more than one spelling', () => {
    expect(() => canonicalStatement({ ...base, sha256: 'F'.repeat(64) })).toThrow(/sha256/);
    expect(() => canonicalStatement({ ...base, signedAt: '2025-01-01T00:00:00Z' })).toThrow(/signedAt/);
    expect(() => canonicalStatement({ ...base, caseId: '' })).toThrow(/caseId/);
  });
});
