// Type-checker / jest fallback; the build picks private-image.weapp.ts or private-image.h5.ts.
export * from './private-image.h5'
