// Type-checker / jest fallback; the build picks display.weapp.ts or display.h5.ts.
export * from './display.h5'
