// Type-checker / jest fallback; the build picks reveal.weapp.ts or reveal.h5.ts.
export * from './reveal.h5'
