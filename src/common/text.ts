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

/** The most bytes a served string may have: SnmpAdminString's and DisplayString's limit. */
export const MAX_TEXT_BYTES = 255;

// C0 and C1 control characters: they would garble a terminal or a log line on the manager.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Text from MISP or from an error, made safe to serve: control characters become spaces, and the
 * UTF-8 form is cut to at most maxBytes on a character boundary. Lone surrogates become U+FFFD,
 * so the result is always valid UTF-8.
 */
export function boundedUtf8(text: string, maxBytes = MAX_TEXT_BYTES): Buffer {
  const bytes = Buffer.from(text.replace(CONTROL_CHARACTERS, ' '), 'utf8');
  if (bytes.length <= maxBytes) return bytes;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the cut character.
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

/**
 * Names and messages from MISP kept as the UTF-8 text they are (MISP communities are international):
 * control characters become spaces, and at most maxCharacters code points are kept, so a long
 * message costs bounded memory. Serving cuts it again to MAX_TEXT_BYTES on a character boundary.
 */
export function keptUtf8(text: string, maxCharacters = MAX_TEXT_BYTES): string {
  const characters = Array.from(text.length > maxCharacters * 2 ? text.slice(0, maxCharacters * 2) : text);
  return characters.slice(0, maxCharacters).join('').replace(CONTROL_CHARACTERS, ' ').trim();
}
