import { useCallback, useState } from 'react'
import type { Profile, ProfileUpdate, Region } from '../../../contract'
import type { Loadable } from '../../../components/async'
import type { EditField, ProfileEdit } from '../../../components/my-data-view'
import { checkIdCard } from '../../../domain/id-card'
import { isMobilePhone } from '../../../domain/masking'
import { isPlausibleRealName } from '../../../domain/profile'
import { todayInChina } from '../../../domain/format'
import { dataExport, getProfile, revealIdNumber, updateProfile } from '../../../services/api/me'
import { getRegions } from '../../../services/api/meta'
import { ApiError, messageOf } from '../../../services/http/errors'
import { isUnauthenticated } from '../../../services/http/authed'
import { confirm, go, revealField, saveTextFile, toast, useOnShow } from '../../../services/platform'
import { useSession } from '../../../store/session'
import { useSignIn } from '../../../hooks/use-gate'

type State = Loadable<Profile> | { status: 'needLogin' } | { status: 'needConsent' }

const FIELD_IDS: Record<EditField, string> = {
  realName: 'edit-real-name',
  idNumber: 'edit-id-number',
  phone: 'edit-phone',
  groups: 'groups-error',
  form: 'form-error'
}

const emptyEdit = (p: Profile): ProfileEdit => ({
  realName: p.realName ?? '',
  idNumber: '',
  phone: '',
  groups: [...p.groups],
  hukouType: p.hukouType ?? '',
  employmentStatus: p.employmentStatus ?? ''
})

export function useMyData() {
  const [state, setState] = useState<State>({ status: 'loading' })
  const [regions, setRegions] = useState<Map<string, Region>>(new Map())
  const [revealedId, setRevealedId] = useState<string | null>(null)
  const [editing, setEditing] = useState(false)
  const [edit, setEdit] = useState<ProfileEdit>({ realName: '', idNumber: '', phone: '', groups: [], hukouType: '', employmentStatus: '' })
  const [errors, setErrors] = useState<Partial<Record<EditField, string>>>({})
  const [focusField, setFocusField] = useState<EditField | null>(null)
  const [saving, setSaving] = useState(false)
  const [exporting, setExporting] = useState(false)
  const [exportNote, setExportNote] = useState<string | null>(null)

  // the screen shows its 去登录 button; it does not send anyone to the login page by itself
  const signIn = useSignIn('button')
  const load = useCallback(async () => {
    setState({ status: 'loading' })
    try {
      const me = await signIn.session()
      if (!me) return setState({ status: 'needLogin' })
      if (!useSession.getState().me?.consent) return setState({ status: 'needConsent' })
      const [profile, list] = await Promise.all([getProfile(), getRegions().catch(() => null)])
      if (list) setRegions(new Map(list.items.map((r) => [r.code, r])))
      setState({ status: 'ready', data: profile })
    } catch (e) {
      setState(isUnauthenticated(e) ? { status: 'needLogin' } : { status: 'error', message: messageOf(e) })
    }
  }, [signIn])
  useOnShow(() => {
    if (!editing) void load()
  })

  const showErrors = (next: Partial<Record<EditField, string>>) => {
    setErrors(next)
    const first = (['realName', 'idNumber', 'phone', 'groups', 'form'] as EditField[]).find((f) => next[f])
    setFocusField(first ?? null)
    if (first) revealField(FIELD_IDS[first])
  }

  const onSave = async () => {
    if (state.status !== 'ready' || saving) return
    const p = state.data
    const update: ProfileUpdate = {}
    const found: Partial<Record<EditField, string>> = {}
    const name = edit.realName.trim()
    if (name !== (p.realName ?? '')) {
      if (!isPlausibleRealName(name)) found.realName = '请填写身份证上的真实姓名'
      else update.realName = name
    }
    if (edit.idNumber.trim()) {
      const check = checkIdCard(edit.idNumber, todayInChina())
      if (!check.ok) found.idNumber = check.message
      else update.idNumber = check.normalized
    }
    if (edit.phone.trim()) {
      if (!isMobilePhone(edit.phone.trim())) found.phone = '手机号应为11位，以1开头'
      else update.phone = edit.phone.trim()
    }
    const groupsChanged = edit.groups.length !== p.groups.length || edit.groups.some((g) => !(p.groups as string[]).includes(g))
    if (groupsChanged) update.groups = edit.groups as ProfileUpdate['groups']
    if (edit.hukouType && edit.hukouType !== p.hukouType) update.hukouType = edit.hukouType as ProfileUpdate['hukouType']
    if (edit.employmentStatus && edit.employmentStatus !== p.employmentStatus) update.employmentStatus = edit.employmentStatus as ProfileUpdate['employmentStatus']
    if (Object.keys(found).length) return showErrors(found)
    if (Object.keys(update).length === 0) return showErrors({ form: '你还没有改任何内容' })
    if (update.realName || update.idNumber) {
      const ok = await confirm(
        '改姓名或身份证号',
        '改了以后要重新核对：原来联网查到的证书会移除（可以重新查询），改身份证号还要重新选人员类别。确定修改吗？',
        '确认修改',
        '不改了'
      )
      if (!ok) return
    }
    setSaving(true)
    try {
      const saved = await updateProfile(update)
      setState({ status: 'ready', data: saved })
      setRevealedId(null)
      setEditing(false)
      setErrors({})
      setFocusField(null)
      toast(saved.missingForSignup.includes('groups') ? '已保存，请重新选人员类别' : '已保存', 'success')
      if (saved.missingForSignup.includes('groups')) {
        setEdit(emptyEdit(saved))
        setEditing(true)
        showErrors({ groups: '身份证号改了，请重新选你属于哪一类' })
      }
    } catch (e) {
      const field = e instanceof ApiError ? e.field : undefined
      const known = field === 'realName' || field === 'idNumber' || field === 'phone' || field === 'groups'
      showErrors({ [known ? field : 'form']: messageOf(e) })
    } finally {
      setSaving(false)
    }
  }

  return {
    state,
    revealedId,
    editing,
    edit,
    errors,
    focusField,
    saving,
    exporting,
    exportNote,
    regionName: (code: string | null) => (code ? (regions.get(code)?.fullName ?? code) : '未填写'),
    onLogin: () => go('login'),
    onPrivacy: () => go('privacy'),
    onRetry: () => void load(),
    onReveal: async () => {
      try {
        setRevealedId(await revealIdNumber())
      } catch (e) {
        toast(messageOf(e))
      }
    },
    onStartEdit: () => {
      if (state.status !== 'ready') return
      setEdit(emptyEdit(state.data))
      setErrors({})
      setEditing(true)
    },
    onCancelEdit: () => {
      setEditing(false)
      setErrors({})
      setFocusField(null)
    },
    onChange: (patch: Partial<ProfileEdit>) => setEdit((d) => ({ ...d, ...patch })),
    onToggleGroup: (code: string) => setEdit((d) => ({ ...d, groups: d.groups.includes(code) ? d.groups.filter((g) => g !== code) : [...d.groups, code] })),
    onSave,
    onExport: async () => {
      if (exporting) return
      setExporting(true)
      setExportNote(null)
      try {
        const data = await dataExport()
        const saved = await saveTextFile(`我的数据-${todayInChina()}.json`, JSON.stringify(data, null, 2))
        setExportNote(saved.where)
      } catch (e) {
        toast(messageOf(e))
      } finally {
        setExporting(false)
      }
    },
    onPrivacySettings: () => go('privacySettings')
  }
}
