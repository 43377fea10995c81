/// <reference types="@tarojs/taro" />
declare module '*.png'
declare module '*.css'
/** Injected by config/index.ts defineConstants. */
declare const API_BASE: string
declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5' | string
    TARO_APP_API_BASE?: string
    TARO_APP_NOTICE_TEMPLATE_ID?: string
  }
}
