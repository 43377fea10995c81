// Type-checker / jest fallback; the build picks scan.weapp.ts or scan.h5.ts.
export * from './scan.h5'
