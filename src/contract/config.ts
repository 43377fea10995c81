/**
 * The app's configuration from the server: WeChat subscribe-message template ids live in the server's
 * environment (one place per deployment) instead of being baked into each mini-program build.
 * Imports only ./common (see common.ts).
 */
import { Type, type Static } from '@sinclair/typebox'
import type { RouteContract } from './common'

const TemplateId = Type.String({ minLength: 1, maxLength: 128 })

export const SubscribeTemplatesSchema = Type.Object(
  {
    /** 补贴申请状态变化 */
    claimState: Type.Optional(TemplateId),
    /** 补正截止提醒 */
    claimReminder: Type.Optional(TemplateId),
    /** 政策通知 */
    notice: Type.Optional(TemplateId),
    /** 证书审核结果 */
    certificateReview: Type.Optional(TemplateId),
    /** 开课提醒 */
    courseStart: Type.Optional(TemplateId),
    /** 考试提醒（职业技能等级认定前一天） */
    examReminder: Type.Optional(TemplateId)
  },
  { additionalProperties: false }
)
export type SubscribeTemplates = Static<typeof SubscribeTemplatesSchema>

export const AppConfigSchema = Type.Object({ subscribeTemplates: SubscribeTemplatesSchema })
export type AppConfig = Static<typeof AppConfigSchema>

export const configRoutes = {
  appConfig: { method: 'GET', url: '/api/v1/config', summary: '小程序配置（订阅消息模板）', response: AppConfigSchema }
} as const satisfies Record<string, RouteContract>
