/**
 * UTF-8 without the Web text APIs (the Web text encoder and decoder are not available everywhere this library runs, plv8
 * among them): the feature names of binary models and the strings of UBJSON documents.
 *
 * @module
 */

/**
 * Decodes UTF-8 bytes [from, to) (invalid sequences, including code points past U+10FFFF, become U+FFFD), without
 * any Web text-decoding API. Never throws, whatever the bytes.
 *
 * @example
 * ```ts
 * utf8Decode(Uint8Array.of(0x68, 0xc3, 0xa9), 0, 3) // 'hé'
 * ```
 */
export function utf8Decode(b: Uint8Array, from: number, to: number): string {
  let s = '';
  let i = from;
  while (i < to) {
    const c = b[i++]!;
    if (c < 0x80) { s += String.fromCharCode(c); continue; }
    let cp = 0xfffd;
    let extra = 0;
    if (c >= 0xc2 && c < 0xe0) { cp = c & 0x1f; extra = 1; } else if (c >= 0xe0 && c < 0xf0) { cp = c & 0x0f; extra = 2; } else if (c >= 0xf0 && c < 0xf5) { cp = c & 0x07; extra = 3; }
    if (extra === 0 || i + extra > to) { s += '\ufffd'; continue; }
    let ok = true;
    for (let k = 0; k < extra; k++) {
      const d = b[i + k]!;
      if ((d & 0xc0) !== 0x80) { ok = false; break; }
      cp = (cp << 6) | (d & 0x3f);
    }
    if (!ok || cp > 0x10ffff) { s += '\ufffd'; continue; }
    i += extra;
    s += String.fromCodePoint(cp);
  }
  return s;
}

/**
 * Encodes a string as UTF-8 bytes (unpaired surrogates are encoded as they are, WTF-8 style), without any Web
 * text-encoding API.
 *
 * @example
 * ```ts
 * utf8Encode('hé') // [0x68, 0xc3, 0xa9]
 * ```
 */
export function utf8Encode(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}
