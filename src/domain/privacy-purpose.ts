/**
 * What a privacy API is being used for: the sheet names it, and a refusal says what did not happen.
 * One entry per kind of personal-data API WeChat gates (a new API gets a kind here, then goes
 * through `withPrivacy`).
 */
export type PrivacyPurpose = 'photo' | 'album' | 'calendar' | 'clipboard' | 'location' | 'other'

export interface PrivacyPurposeText {
  /** sheet title: what the worker just asked for */
  title: string
  /** why WeChat asks, what exactly is used, and that nothing else is */
  text: string
  /** what did not happen after 不同意 (a toast: ≤ 2 lines) */
  refused: string
}

export const PRIVACY_PURPOSES: Record<PrivacyPurpose, PrivacyPurposeText> = {
  photo: {
    title: '拍照或从相册选照片',
    text: '要用相机或相册，需要你先同意《用户隐私保护指引》。只用你这次拍的或选的照片，用来提交证书或材料，不看相册里的其他照片。',
    refused: '没有同意，不能拍照或选照片。需要时再点一次'
  },
  album: {
    title: '保存图片到相册',
    text: '要把图片保存到手机相册，需要你先同意《用户隐私保护指引》。只存入这一张图片，不读取相册里的照片。',
    refused: '没有同意，图片没有保存。需要时再点一次'
  },
  calendar: {
    title: '加入手机日历',
    text: '要把开课日期写进手机日历，需要你先同意《用户隐私保护指引》。只写入这一条提醒，不读取你的日程。',
    refused: '没有同意，没有加入日历。请记下开课日期'
  },
  clipboard: {
    title: '复制到剪贴板',
    text: '要把这段文字复制到剪贴板，需要你先同意《用户隐私保护指引》。只复制这段文字，不读取剪贴板。',
    refused: '没有同意，没有复制。需要时再点一次'
  },
  location: {
    title: '用位置找附近的课程',
    text: '要用你的位置，需要你先同意《用户隐私保护指引》。位置只用于这次查找附近的课程，不会保存。',
    refused: '没有同意，没有用你的位置。可以选择地区'
  },
  other: {
    title: '使用你的个人信息',
    text: '这一步要用到你的个人信息，需要你先同意《用户隐私保护指引》。只用于你刚才要做的这件事。',
    refused: '没有同意，这一步没有进行。需要时再点一次'
  }
}

/** Thrown by `withPrivacy` when the worker tapped 不同意: the message was already shown. */
export class PrivacyRefused extends Error {
  constructor(readonly purpose: PrivacyPurpose) {
    super(PRIVACY_PURPOSES[purpose].refused)
    this.name = 'PrivacyRefused'
  }
}
