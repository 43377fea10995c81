// Type-checker / jest fallback; the build picks focus.weapp.ts or focus.h5.ts.
export * from './focus.h5'
