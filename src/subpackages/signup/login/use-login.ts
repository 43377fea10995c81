import { useEffect, useRef, useState } from 'react'
import { sendSmsCode, silentLogin, verifySmsCode } from '../../../services/api/auth'
import { messageOf } from '../../../services/http/errors'
import { getPageParams, goBack, toast } from '../../../services/platform'
import { LOGIN_PURPOSES, type LoginPurpose } from '../../../components/login-view'
import { CAN_WECHAT_LOGIN } from '../../../services/platform/login'
import { isMobilePhone } from '../../../domain/masking'

export function useLogin() {
  const [phone, setPhone] = useState('')
  const [code, setCode] = useState('')
  const [countdown, setCountdown] = useState(0)
  const [sending, setSending] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const [busy, setBusy] = useState(CAN_WECHAT_LOGIN)
  const [error, setError] = useState<string | null>(null)
  const [devCode, setDevCode] = useState<string | null>(null)
  const timer = useRef<ReturnType<typeof setInterval> | null>(null)
  const inFlight = useRef(false)

  const done = () => {
    toast('登录成功', 'success')
    goBack()
  }

  const wechatLogin = async () => {
    setBusy(true)
    setError(null)
    const token = await silentLogin()
    setBusy(false)
    if (token) done()
    else setError('微信登录没有成功，请再试一次')
  }

  useEffect(() => {
    // weapp: try wx.login at once; the button stays for a retry.
    if (CAN_WECHAT_LOGIN) {
      silentLogin().then((token) => {
        setBusy(false)
        if (token) done()
      })
    }
    return () => {
      if (timer.current) clearInterval(timer.current)
    }
  }, [])

  const startCountdown = (seconds: number) => {
    if (timer.current) clearInterval(timer.current)
    setCountdown(seconds)
    timer.current = setInterval(() => {
      setCountdown((n) => {
        if (n <= 1 && timer.current) {
          clearInterval(timer.current)
          timer.current = null
        }
        return Math.max(0, n - 1)
      })
    }, 1000)
  }

  const onSendCode = async () => {
    if (!isMobilePhone(phone)) {
      setError('请填写正确的11位手机号')
      return
    }
    setError(null)
    setSending(true)
    try {
      const res = await sendSmsCode(phone)
      setDevCode(res.devCode ?? null)
      startCountdown(res.resendAfterSeconds > 0 ? res.resendAfterSeconds : 60)
      toast('验证码已发送')
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setSending(false)
    }
  }

  const loginWith = async (code: string) => {
    if (!isMobilePhone(phone)) return setError('请填写正确的11位手机号')
    if (!/^\d{6}$/.test(code)) return setError('请填写6位数字验证码')
    if (inFlight.current) return // the sixth digit and a tap on 登录 must not send the code twice
    inFlight.current = true
    setError(null)
    setSubmitting(true)
    try {
      await verifySmsCode(phone, code)
      done()
    } catch (e) {
      setError(messageOf(e))
    } finally {
      inFlight.current = false
      setSubmitting(false)
    }
  }

  const [purpose] = useState<LoginPurpose>(() => {
    const as = getPageParams().as
    return as && as in LOGIN_PURPOSES ? (as as LoginPurpose) : 'worker'
  })

  return {
    purpose,
    wechat: CAN_WECHAT_LOGIN,
    busy,
    phone,
    code,
    countdown,
    sending,
    submitting,
    error,
    devCode,
    onPhone: (v: string) => setPhone(v.replace(/\D/g, '').slice(0, 11)),
    onCode: (v: string) => {
      const digits = v.replace(/\D/g, '').slice(0, 6)
      setCode(digits)
      // The sixth digit logs in: no extra tap on 登录 (the button stays for a retry).
      if (digits.length === 6 && digits !== code) void loginWith(digits)
    },
    onSendCode,
    onLogin: () => void loginWith(code),
    onWechatLogin: wechatLogin
  }
}
