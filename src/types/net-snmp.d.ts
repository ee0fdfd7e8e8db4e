// net-snmp ships no type declarations; this project uses only its manager side and MIB store.
declare module 'net-snmp' {
  const snmp: any;
  export default snmp;
}
