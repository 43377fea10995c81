// Type-checker / jest fallback; the build picks update.weapp.ts or update.h5.ts.
export * from './update.h5'
