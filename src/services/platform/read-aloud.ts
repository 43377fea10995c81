// Type-checker / jest fallback; the build picks read-aloud.weapp.ts or read-aloud.h5.ts.
export * from './read-aloud.h5'
