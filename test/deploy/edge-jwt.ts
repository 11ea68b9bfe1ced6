/**
 * HS256 JSON Web Tokens for the Edge Function tests, signed with node:crypto (independently of the functions' Web
 * Crypto verification): RFC 7515 compact serialization, base64url without padding.
 */
import { createHmac } from 'node:crypto';

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/**
 * `base64url(header).base64url(claims).base64url(HMAC-SHA256(secret, header.claims))`. `header` defaults to
 * `{ alg: 'HS256', typ: 'JWT' }`; an `alg` of 'none' leaves the signature empty.
 */
export function signJwt(claims: Record<string, unknown>, secret: string, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = header.alg === 'none' ? '' : b64url(createHmac('sha256', secret).update(input).digest());
  return `${input}.${signature}`;
}

/** Seconds since the epoch, `offset` seconds from now. */
export function epochSeconds(offset = 0): number {
  return Math.floor(Date.now() / 1000) + offset;
}
