// Taro's preset for builds; jest (NODE_ENV=test) gets a plain Node/React/TS preset instead,
// because babel-preset-taro targets browsers and expects the Taro build pipeline around it.
module.exports = (api) => {
  const isTest = api.env('test')
  if (isTest) {
    return {
      presets: [
        ['@babel/preset-env', { targets: { node: 'current' } }],
        ['@babel/preset-react', { runtime: 'automatic' }],
        '@babel/preset-typescript'
      ]
    }
  }
  // H5 targets browsers from 2018 on (ES2018: native spread, async/await, classes), which every browser our
  // workers open links in has — WeChat's built-in browser, the phone makers' browsers, iOS 12.2+ (fetch and AbortController native,
  // see config/empty-polyfill.js). Transpiling it to
  // ES5 for Android 4.1 made the code bigger and slower to start on exactly the cheap phones it was meant for.
  // The mini program keeps package.json's browserslist (ES5, project.config.json es6:false).
  const h5Targets = 'chrome >= 66, android >= 66, safari >= 12.1, ios_saf >= 12.2, samsung >= 9, firefox >= 60'
  return {
    presets: [
      ['taro', { framework: 'react', ts: true, compiler: 'webpack5', ...(process.env.TARO_ENV === 'h5' ? { targets: h5Targets } : {}) }]
    ]
  }
}
