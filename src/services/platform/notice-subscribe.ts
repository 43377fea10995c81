// Type-checker / jest fallback; the build picks the .weapp.ts or .h5.ts variant.
export * from './notice-subscribe.h5'
