// Type-checker / jest fallback; the build picks location.weapp.ts or location.h5.ts.
export * from './location.h5'
