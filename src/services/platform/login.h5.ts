/** Browsers have no silent login: null means "log in with phone + SMS code". */
export async function login(): Promise<string | null> {
  return null
}

/** The login page offers 微信一键登录 only inside WeChat. */
export const CAN_WECHAT_LOGIN = false
