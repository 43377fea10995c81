// Type-checker / jest fallback; the build picks save-file.weapp.ts or save-file.h5.ts.
export * from './save-file.h5'
