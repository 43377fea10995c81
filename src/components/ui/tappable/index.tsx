// Type-checker / jest fallback; the build picks index.weapp.tsx or index.h5.tsx.
export * from './index.h5'
