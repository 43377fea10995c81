// Type-checker / jest fallback; the build picks login.weapp.ts or login.h5.ts.
export * from './login.h5'
