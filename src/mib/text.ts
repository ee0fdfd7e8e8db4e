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
