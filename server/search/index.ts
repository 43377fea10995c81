/** Search helpers: pinyin keys and terms, and opaque page cursors. */
export * from './cursor'
export * from './pinyin'
