// Type-checker / jest fallback; the build picks map.weapp.ts or map.h5.ts.
export * from './map.h5'
