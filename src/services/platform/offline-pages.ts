// Type-checker / jest fallback; the build picks offline-pages.weapp.ts or offline-pages.h5.ts.
export * from './offline-pages.h5'
