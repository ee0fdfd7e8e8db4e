export { SnmpdProcess as Snmpd } from '../../src/demo/snmpd-process.js';
