// Type-checker / jest fallback; the build picks calendar.weapp.ts or calendar.h5.ts.
export * from './calendar.h5'
