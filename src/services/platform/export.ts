// Type-checker / jest fallback; the build picks export.weapp.ts or export.h5.ts.
export * from './export.h5'
