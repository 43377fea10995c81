import { useCallback, useEffect, useState } from 'react'
import type { Loadable } from '../../../components/async'
import type { StationSignupList } from '../../../contract/staff'
import { todayInChina } from '../../../domain/format'
import { exportUrl, stationSignups } from '../../../services/api/staff'
import { messageOf, NetworkError } from '../../../services/http/errors'
import { clockInChina } from '../../../domain/staff-signup'
import { saveTodayList, savedTodayList } from '../runtime'
import { toast } from '../../../services/platform'
import { downloadExport } from '../../../services/platform/export'
import { currentToken } from '../../../store/session'

export function useStationList(ready: boolean) {
  const [date, setDate] = useState(todayInChina())
  const [query, setQuery] = useState('')
  const [list, setList] = useState<Loadable<StationSignupList>>({ status: 'loading' })
  const [note, setNote] = useState<string | null>(null)
  const [exporting, setExporting] = useState(false)
  const load = useCallback(
    (q = query) => {
      setList((l) => (l.status === 'ready' ? l : { status: 'loading' }))
      stationSignups(date, q.trim()).then(
        (data) => {
          if (!q.trim()) saveTodayList(data)
          setNote(null)
          setList({ status: 'ready', data })
        },
        (e: unknown) => {
          // offline: today's list as saved on this phone, saying when
          const saved = e instanceof NetworkError && date === todayInChina() ? savedTodayList() : null
          if (saved) {
            setNote(`没有网络：这是 ${clockInChina(saved.savedAt)} 保存的名单，之后的报名看“提交情况”`)
            setList({ status: 'ready', data: saved.data })
          } else setList({ status: 'error', message: messageOf(e) })
        }
      )
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [date]
  )
  useEffect(() => {
    if (ready) load()
  }, [ready, load])
  return {
    list,
    note,
    query,
    exporting,
    onRetry: () => load(),
    onDate: (d: string) => setDate(d),
    onQuery: setQuery,
    onSearch: () => load(query),
    onExport: async () => {
      const token = currentToken()
      if (!token) return
      setExporting(true)
      try {
        await downloadExport(exportUrl(date), token, `报名名单-${date}.csv`)
        toast('已导出', 'success')
      } catch {
        toast('导出没有成功，请稍后再试')
      } finally {
        setExporting(false)
      }
    }
  }
}
