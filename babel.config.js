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
  return {
    presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]]
  }
}
