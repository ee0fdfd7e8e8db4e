import { createHash } from 'node:crypto';

/** Cacti's two-digit codes for the kinds of object a template file holds (include/global_arrays.php). */
const TYPE_CODES = {
  graphTemplate: '00',
  dataTemplate: '01',
  hostTemplate: '02',
  dataInputMethod: '03',
  dataQuery: '04',
  gprintPreset: '06',
  dataInputField: '07',
  dataTemplateItem: '08',
  graphTemplateInput: '09',
  graphTemplateItem: '10',
  dataQueryGraph: '11',
  dataSourceProfile: '20',
} as const;
export type HashType = keyof typeof TYPE_CODES;

/** The version code Cacti 1.2.19 to 1.2.24 write (and accept, with every older one). */
const VERSION_CODE = '0103';

/** A reference to an object, as a template file writes it: hash_<type><version><32 hex digits>. */
export function hashRef(type: HashType, hash: string): string {
  return `hash_${TYPE_CODES[type]}${VERSION_CODE}${hash}`;
}

/** A stable hash for one of our objects, so that importing a newer file updates what an older one created. */
export function ourHash(type: HashType, key: string): string {
  return hashRef(type, createHash('md5').update(`misp-agentx/${type}/${key}`).digest('hex'));
}

/** Objects every Cacti 1.2 has, by the hashes Cacti gave them. */
export const STOCK = {
  /** The data input method "Get SNMP Data (Indexed)". */
  snmpIndexed: hashRef('dataInputMethod', 'bf566c869ac6443b0c75d1c32b5a350e'),
  /** The data source profile "5 Minute Collection" (used when importing with --with-profile). */
  fiveMinuteProfile: hashRef('dataSourceProfile', 'd62c52891f4f9688729a5bc9fad91b18'),
  /** The GPRINT preset "Normal" (%8.2lf %s). */
  normalGprint: hashRef('gprintPreset', 'e9c43831e54eca8069317a2ce8c6f751'),
  /** The fields of "Get SNMP Data (Indexed)"; templated: filled in for each data source from its data query row. */
  snmpIndexedFields: [
    { hash: '617cdc8a230615e59f06f361ef6e7728', templated: false }, // SNMP IP Address
    { hash: 'acb449d1451e8a2a655c2c99d31142c7', templated: false }, // SNMP Community
    { hash: 'f4facc5e2ca7ebee621f09bc6d9fc792', templated: false }, // SNMP Username (v3)
    { hash: '1cc1493a6781af2c478fa4de971531cf', templated: false }, // SNMP Password (v3)
    { hash: 'b5c23f246559df38662c255f4aa21d6b', templated: false }, // SNMP Version
    { hash: '6027a919c7c7731fbe095b6f53ab127b', templated: true }, // Index Type
    { hash: 'cbbe5c1ddfb264a6e5d509ce1c78c95f', templated: true }, // Index Value
    { hash: 'e6deda7be0f391399c5130e7c4a48b28', templated: true }, // Output Type ID
    { hash: 'c1f36ee60c3dc98945556d57f26e475b', templated: false }, // SNMP Port
    { hash: '2cf7129ad3ff819a7a7ac189bee48ce8', templated: false }, // SNMP Authentication Protocol (v3)
    { hash: '6b13ac0a0194e171d241d4b06f913158', templated: false }, // SNMP Privacy Passphrase (v3)
    { hash: '3a33d4fc65b8329ab2ac46a36da26b72', templated: false }, // SNMP Privacy Protocol (v3)
  ].map((f) => ({ ref: hashRef('dataInputField', f.hash), templated: f.templated })),
} as const;
