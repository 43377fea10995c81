// Type-checker / jest fallback; the build picks subscribe.weapp.ts or subscribe.h5.ts.
export * from './subscribe.h5'
