import { useCallback, useEffect, useState } from 'react'
import type { AdminNotice, NoticeWrite } from '../../../contract'
import type { Loadable } from '../../../components/async'
import type { NoticeForm } from '../../../components/notice-editor-view'
import { adminNotices, editNotice, publishNotice, withdrawNotice } from '../../../services/api/notices'
import { ApiError } from '../../../services/http/errors'
import { messageOf } from '../../../services/http/errors'
import { confirm, toast } from '../../../services/platform'
import { useSignIn } from '../../../hooks/use-gate'

const EMPTY: NoticeForm = { title: '', summary: '', body: '', issuer: '', docNumber: '', regions: '', tags: [], validUntil: '' }

const formOf = (n: AdminNotice): NoticeForm => ({
  title: n.title,
  summary: n.summary,
  body: n.body,
  issuer: n.issuer,
  docNumber: n.docNumber,
  regions: n.regions.join(','),
  tags: n.tags,
  validUntil: n.validUntil ?? ''
})

export function toWrite(f: NoticeForm): NoticeWrite {
  return {
    title: f.title.trim(),
    summary: f.summary.trim(),
    body: f.body.trim(),
    issuer: f.issuer.trim(),
    docNumber: f.docNumber.trim(),
    regions: f.regions.split(/[\s,，、]+/).filter(Boolean),
    tags: f.tags,
    validUntil: f.validUntil.trim() || null
  }
}

export function useNoticeEditor() {
  const [list, setList] = useState<Loadable<{ items: AdminNotice[]; scope: string }>>({ status: 'loading' })
  const [editing, setEditing] = useState<string | null>(null)
  const [form, setForm] = useState<NoticeForm>(EMPTY)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [withdrawReason, setWithdrawReason] = useState('')

  const signIn = useSignIn('screen', 'reviewer')

  const load = useCallback(async () => {
    setList({ status: 'loading' })
    if (!(await signIn.session())) return
    try {
      const r = await adminNotices()
      setList({ status: 'ready', data: { items: r.items, scope: r.regionPrefix ? `辖区 ${r.regionPrefix}` : '全部地区' } })
      if (r.regionPrefix) setForm((f) => (f.regions ? f : { ...f, regions: r.regionPrefix as string }))
    } catch (e) {
      const forbidden = e instanceof ApiError && e.status === 403
      setList({ status: 'error', message: forbidden ? '只有管理员和审核员可以发布通知' : messageOf(e) })
    }
  }, [signIn])
  useEffect(() => {
    void load()
  }, [load])

  async function submit() {
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      const saved = editing ? await editNotice(editing, toWrite(form)) : await publishNotice(toWrite(form))
      toast(editing ? '已保存' : '已发布', 'success')
      setEditing(saved.id)
      setForm(formOf(saved))
      await load()
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  async function withdraw() {
    if (!editing || busy) return
    if (!withdrawReason.trim()) {
      setError('请写明撤回原因')
      return
    }
    if (!(await confirm('撤回通知', '撤回后读者看不到这条通知，收到过的人会收到撤回说明。确定撤回吗？', '撤回'))) return
    setBusy(true)
    try {
      await withdrawNotice(editing, withdrawReason.trim())
      toast('已撤回', 'success')
      setWithdrawReason('')
      await load()
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  return {
    list,
    editing,
    form,
    error,
    busy,
    withdrawReason,
    onField: (field: keyof Omit<NoticeForm, 'tags'>, value: string) => setForm((f) => ({ ...f, [field]: value })),
    onToggleTag: (code: string) => setForm((f) => ({ ...f, tags: f.tags.includes(code) ? f.tags.filter((t) => t !== code) : [...f.tags, code] })),
    onSubmit: submit,
    onNew: () => {
      setEditing(null)
      setForm({ ...EMPTY, regions: list.status === 'ready' && list.data.scope !== '全部地区' ? list.data.scope.replace('辖区 ', '') : '' })
      setError(null)
    },
    onEdit: (id: string) => {
      const n = list.status === 'ready' ? list.data.items.find((x) => x.id === id) : undefined
      if (!n) return
      setEditing(id)
      setForm(formOf(n))
      setError(null)
    },
    onWithdrawReason: setWithdrawReason,
    onWithdraw: withdraw,
    onRetry: () => void load()
  }
}
