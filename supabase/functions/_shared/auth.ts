/**
 * Who may invoke a prediction function: the bearer of a service-role JWT signed with the project's JWT secret
 * (HS256, not expired), or of the configured shared secret. Web Crypto (`crypto.subtle`) verifies both.
 */

/** The credentials an invocation may present (see `readConfig`). */
export interface Credentials {
  readonly jwtSecret: string | undefined;
  readonly functionSecret: string | undefined;
}

/** What {@link authorize} decided: who the caller is, or why it is refused. */
export type Authorization = { readonly ok: true; readonly via: 'jwt' | 'secret' } | { readonly ok: false; readonly reason: string };

/** An imported HMAC key (Web Crypto's `CryptoKey`). */
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const encoder = new TextEncoder();
const keys = new Map<string, Promise<HmacKey>>();

/** The HMAC-SHA256 key of a secret, imported once per isolate. */
function hmacKey(secret: string): Promise<HmacKey> {
  let key = keys.get(secret);
  if (key === undefined) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    keys.set(secret, key);
  }
  return key;
}

/** The bytes of a base64url segment (RFC 7515 §2), or undefined when it is not one. */
function base64url(segment: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(segment) || segment.length % 4 === 1) return undefined;
  const binary = atob(segment.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (segment.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A JSON object from a base64url segment, or undefined. */
function jsonSegment(segment: string): Record<string, unknown> | undefined {
  const bytes = base64url(segment);
  if (bytes === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether two strings are equal, in time that depends on neither: both are hashed (SHA-256) and the digests
 * compared byte by byte without an early exit.
 *
 * @example
 * ```ts
 * await constantTimeEqual('secret-one', 'secret-two') // => false
 * ```
 */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([crypto.subtle.digest('SHA-256', encoder.encode(a)), crypto.subtle.digest('SHA-256', encoder.encode(b))]);
  const u = new Uint8Array(x);
  const v = new Uint8Array(y);
  let diff = 0;
  for (let i = 0; i < u.length; i++) diff |= u[i]! ^ v[i]!;
  return diff === 0;
}

/**
 * Verifies a compact JWS (RFC 7515) signed HS256 with `secret`, then its claims (RFC 7519): `role` must be
 * `service_role`, `exp` a number of seconds after `nowMs`, `nbf` (if any) not after it. The signature is checked
 * with `crypto.subtle.verify` (HMAC-SHA256 over `header.payload`, constant time) before any claim is read.
 *
 * @example
 * ```ts
 * await verifyServiceRoleJwt(token, secret, Date.now()) // => { ok: true, via: 'jwt' } for a valid service-role token
 * ```
 */
export async function verifyServiceRoleJwt(token: string, secret: string, nowMs: number): Promise<Authorization> {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'the token is not a JWT (header.payload.signature)' };
  const [h, p, s] = parts as [string, string, string];
  const header = jsonSegment(h);
  if (header === undefined) return { ok: false, reason: 'the JWT header is not base64url JSON' };
  if (header.alg !== 'HS256') return { ok: false, reason: `the JWT algorithm is ${JSON.stringify(header.alg)}, not HS256` };
  const signature = base64url(s);
  if (signature === undefined || !(await crypto.subtle.verify('HMAC', await hmacKey(secret), signature, encoder.encode(`${h}.${p}`)))) {
    return { ok: false, reason: 'the JWT signature does not verify with the configured JWT secret' };
  }
  const claims = jsonSegment(p);
  if (claims === undefined) return { ok: false, reason: 'the JWT payload is not base64url JSON' };
  if (claims.role !== 'service_role') return { ok: false, reason: `the JWT role is ${JSON.stringify(claims.role)}, not service_role` };
  const now = nowMs / 1000;
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) return { ok: false, reason: 'the JWT has no numeric exp claim' };
  if (claims.exp <= now) return { ok: false, reason: `the JWT expired at ${new Date(claims.exp * 1000).toISOString()}` };
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now)) return { ok: false, reason: 'the JWT is not valid yet (nbf)' };
  return { ok: true, via: 'jwt' };
}

/**
 * Decides on an `Authorization` header: `Bearer <token>` (scheme case-insensitive, RFC 6750) where the token is the
 * configured shared secret (compared in constant time) or a service-role JWT ({@link verifyServiceRoleJwt}).
 * Anything else is refused with the reason: no header, another scheme, no token (or several), a wrong secret, a bad
 * signature, another role, an expired token.
 *
 * @example
 * ```ts
 * await authorize('Basic dXNlcjpwYXNz', credentials, Date.now()) // => { ok: false, reason: 'the Authorization scheme is not Bearer' }
 * ```
 */
export async function authorize(header: string | null, credentials: Credentials, nowMs: number): Promise<Authorization> {
  if (header === null || header.trim() === '') return { ok: false, reason: 'no Authorization header' };
  const [scheme, token, ...rest] = header.trim().split(/\s+/);
  if (scheme!.toLowerCase() !== 'bearer') return { ok: false, reason: 'the Authorization scheme is not Bearer' };
  if (token === undefined || rest.length > 0) return { ok: false, reason: 'expected one token after Bearer' };
  const { jwtSecret, functionSecret } = credentials;
  if (functionSecret !== undefined && (await constantTimeEqual(token, functionSecret))) return { ok: true, via: 'secret' };
  if (jwtSecret !== undefined && token.split('.').length === 3) return verifyServiceRoleJwt(token, jwtSecret, nowMs);
  return { ok: false, reason: jwtSecret === undefined ? 'the token is not the function secret' : 'the token is neither the function secret nor a JWT' };
}
