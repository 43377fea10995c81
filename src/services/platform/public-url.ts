// Type-checker / jest fallback; the build picks public-url.weapp.ts or public-url.h5.ts.
export * from './public-url.h5'
