import type { VersionData } from '../../domain/snapshot.js';
import { invalid, isRecord, readText } from '../../http/json-values.js';

/** "2.4.130" -> 2004130; leading digits only, so "2.5.1-rc1" still reads as 2.5.1. */
export function versionNumber(text: string): number {
  const match = /^v?(\d{1,4})\.(\d{1,3})\.(\d{1,3})/.exec(text.trim());
  if (!match) throw invalid('version', `"${text}" is not major.minor.patch`);
  const [, major, minor, patch] = match;
  return Number(major) * 1_000_000 + Number(minor) * 1_000 + Number(patch);
}

/** /servers/getVersion: {"version":"2.5.1", ...}; 2.4.130 sends only version, perm_sync, perm_sighting. */
export function parseVersion(body: unknown): VersionData {
  if (!isRecord(body)) throw invalid('getVersion', 'answer is not a JSON object');
  const text = readText(body.version, 'getVersion.version', 32);
  return { text, number: versionNumber(text) };
}
