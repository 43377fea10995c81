// Type-checker / jest fallback; the build picks poster.weapp.ts or poster.h5.ts.
export * from './poster.h5'
