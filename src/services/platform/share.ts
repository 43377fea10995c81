// Type-checker / jest fallback; the build picks share.weapp.ts or share.h5.ts.
export * from './share.h5'
