// Taro H5 imports fetch and AbortController polyfills unconditionally; every browser the H5 build targets
// (babel.config.js: Chrome/WebView 66+, iOS 12.2+) has both, so the H5 build resolves them to this empty module.
