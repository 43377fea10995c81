// Type-checker / jest fallback; the build picks prefetch.weapp.ts or prefetch.h5.ts.
export * from './prefetch.h5'
