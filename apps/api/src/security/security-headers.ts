import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { VerityEnv } from '../../../../libs/config/src';

/**
 * Security headers on every answer (API, console, docs), through helmet. The content security policy allows
 * scripts from our own origin only; styles also inline, because antd writes its styles into <style> elements at
 * run time; the page may fetch from our origin and the identity provider's (OIDC discovery and token endpoint).
 */
export function securityHeaders(env: VerityEnv): RequestHandler {
  const connectSrc = ["'self'"];
  const issuer = originOf(env.AUTH_ISSUER);
  if (issuer) connectSrc.push(issuer);
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc,
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Evidence and reports open in new tabs from blob: URLs; nothing here embeds cross-origin resources.
    crossOriginEmbedderPolicy: false,
  });
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null; // not a URL: token verification refuses such an issuer anyway
  }
}
