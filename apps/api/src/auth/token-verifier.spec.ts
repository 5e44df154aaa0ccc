import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { loadEnv } from '../../../../libs/config/src';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

/** Production mode: tokens signed by an identity provider, verified against its JWKS (served here on loopback). */
describe('TokenVerifier against an issuer JWKS', () => {
  const issuerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...issuerKey.publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' };
  let server: http.Server;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    verifier = new TokenVerifier(
      loadEnv({
        DATABASE_URL: 'postgres://unused',
        VERITY_DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
        EVIDENCE_SIGNING_KEY: 'unused',
        AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
        AUTH_ISSUER: 'https://idp.example',
        AUTH_AUDIENCE: 'verity',
      }),
    );
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const sign = (key: typeof issuerKey.privateKey, claims: object, opts: jwt.SignOptions = {}) =>
    jwt.sign(claims, key, {
      algorithm: 'RS256',
      keyid: 'k1',
      issuer: 'https://idp.example',
      audience: 'verity',
      subject: 'u-42',
      expiresIn: '5m',
      ...opts,
    });

  const signWithoutExpiry = (claims: object, opts: jwt.SignOptions = {}) =>
    jwt.sign(claims, issuerKey.privateKey, {
      algorithm: 'RS256',
      keyid: 'k1',
      issuer: 'https://idp.example',
      audience: 'verity',
      subject: 'u-42',
      ...opts,
    });

  it('accepts a token of the issuer and reads role and scope', async () => {
    const token = sign(issuerKey.privateKey, { role: 'compliance', branches: ['GZ01'], channels: ['*'] });
    await expect(verifier.verify(token)).resolves.toEqual({
      userId: 'u-42',
      role: 'compliance',
      branches: ['GZ01'],
      channels: ['*'],
    });
  });

  it.each([
    ['signed by another key', () => sign(otherKey.privateKey, { role: 'compliance' })],
    ['for another audience', () => sign(issuerKey.privateKey, { role: 'compliance' }, { audience: 'someone-else' })],
    [
      'from another issuer',
      () => sign(issuerKey.privateKey, { role: 'compliance' }, { issuer: 'https://evil.example' }),
    ],
    ['expired', () => sign(issuerKey.privateKey, { role: 'compliance' }, { expiresIn: -10 })],
    ['with an unknown role', () => sign(issuerKey.privateKey, { role: 'superuser' })],
    ['without an expiry', () => signWithoutExpiry({ role: 'compliance' })],
    [
      'without an issue time',
      () => signWithoutExpiry({ role: 'compliance', exp: Math.floor(Date.now() / 1000) + 300 }, { noTimestamp: true }),
    ],
    [
      'living longer than AUTH_MAX_TOKEN_AGE (12h by default)',
      () => sign(issuerKey.privateKey, { role: 'compliance' }, { expiresIn: '1d' }),
    ],
    [
      'signed with a shared secret instead',
      () => jwt.sign({ role: 'admin' }, 'a-guessable-secret-a-guessable-secret', { algorithm: 'HS256', subject: 'x' }),
    ],
  ])('refuses a token %s', async (_label, make) => {
    await expect(verifier.verify(make())).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
