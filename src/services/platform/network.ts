// Type-checker / jest fallback; the build picks network.weapp.ts or network.h5.ts.
export * from './network.h5'
