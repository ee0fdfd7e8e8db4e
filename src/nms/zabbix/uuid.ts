import { createHash } from 'node:crypto';

/** A stable UUIDv4-shaped identifier (32 hex digits, as Zabbix 6.0 exports write them) for `key`. */
export function stableUuid(key: string): string {
  const hex = createHash('md5').update(`misp-agentx/zabbix/${key}`).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 12)}4${hex.slice(13, 16)}${variant}${hex.slice(17)}`;
}
