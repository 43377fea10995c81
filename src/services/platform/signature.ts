// Type-checker / jest fallback; the build picks signature.weapp.ts or signature.h5.ts.
export * from './signature.h5'
