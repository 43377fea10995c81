// One jest run, several projects (DESIGN.md §6). `npm test` runs them all via scripts/test.mjs.
const base = {
  rootDir: __dirname,
  transform: { '^.+\\.(m?[jt]sx?)$': 'babel-jest' },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'json'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' }
}

module.exports = {
  cacheDirectory: '<rootDir>/.jest-cache',
  projects: [
    {
      ...base,
      displayName: 'unit',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts']
    },
    {
      ...base,
      displayName: 'component',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/test/component/**/*.test.tsx'],
      // Taro components mapped to their H5 implementation (TARO-NOTES.md)
      moduleNameMapper: {
        ...base.moduleNameMapper,
        '^@tarojs/taro$': '@tarojs/taro-h5',
        '^@tarojs/components$': '@tarojs/components/lib/react',
        '\\.(css|scss|less)$': '<rootDir>/test/component/style-stub.js'
      },
      transformIgnorePatterns: [],
      setupFiles: ['<rootDir>/test/component/globals.js'],
      setupFilesAfterEnv: ['<rootDir>/test/component/setup.ts']
    },
    {
      ...base,
      displayName: 'api',
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/support/worker-databases.js',
      setupFiles: ['<rootDir>/test/support/data-key.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts', '<rootDir>/test/support/cpu-log.ts'],
      testMatch: ['<rootDir>/test/api/**/*.test.ts']
    },
    {
      ...base,
      displayName: 'weapp',
      testEnvironment: 'node',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts', '<rootDir>/test/support/cpu-log.ts'],
      testMatch: ['<rootDir>/test/weapp/**/*.test.ts']
    },
    {
      ...base,
      displayName: 'e2e',
      testEnvironment: 'node',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts', '<rootDir>/test/support/cpu-log.ts'],
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts']
    }
  ]
}
