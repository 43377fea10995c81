/** Integrity's public face: who may not decide whose case (conflict of interest), and the audit chain check. */
export * from './related'
export * from './audit-chain'
