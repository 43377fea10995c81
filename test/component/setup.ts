import '@testing-library/jest-dom'

// Taro's H5 build rewrites `Taro.xxx` into named imports from @tarojs/taro-h5
// (babel-plugin-transform-taroapi). Jest has no such step, so give the default export the APIs.
const taroH5 = require('@tarojs/taro-h5')
for (const [name, value] of Object.entries(taroH5)) {
  if (name !== 'default' && taroH5.default && !(name in taroH5.default)) taroH5.default[name] = value
}
