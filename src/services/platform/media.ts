// Type-checker / jest fallback; the build picks media.weapp.ts or media.h5.ts.
export * from './media.h5'
