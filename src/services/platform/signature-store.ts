// Type-checker / jest fallback; the build picks signature-store.weapp.ts or signature-store.h5.ts.
export * from './signature-store.h5'
