// Type-checker / jest fallback; the build picks navigation-bar.weapp.ts or navigation-bar.h5.ts.
export * from './navigation-bar.h5'
