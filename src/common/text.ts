/** Longest text a PollState.lastError or a parsed string may hold. */
export const MAX_TEXT_LENGTH = 200;

/**
 * Makes outside text safe to store and serve over SNMP: one line, printable ASCII only, bounded.
 * Anything else (control characters, newlines, non-ASCII) becomes a space or '?', so a hostile
 * answer cannot forge log lines or break an OctetString.
 */
export function sanitizeText(value: string, maxLength = MAX_TEXT_LENGTH): string {
  const head = value.length > maxLength * 4 ? value.slice(0, maxLength * 4) : value;
  const printable = head
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/ {2,}/g, ' ')
    .trim();
  return printable.length > maxLength ? `${printable.slice(0, maxLength - 3)}...` : printable;
}

/** Pieces of a secret at least this long are removed too: a cut-off excerpt must not keep half a key. */
const MIN_SECRET_PIECE = 8;

/** Removes a secret, and any piece of it of 8 or more characters, from a text before it is stored or logged. */
export function redact(text: string, secret: string): string {
  let result = text;
  for (let length = secret.length; length >= Math.min(MIN_SECRET_PIECE, secret.length) && length > 0; length--) {
    for (let start = 0; start + length <= secret.length; start++) {
      const piece = secret.slice(start, start + length);
      if (result.includes(piece)) result = result.split(piece).join('<redacted>');
    }
  }
  return result;
}
