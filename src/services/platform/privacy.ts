// Type-checker / jest fallback; the build picks privacy.weapp.ts or privacy.h5.ts.
export * from './privacy.h5'
