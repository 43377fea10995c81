/**
 * 听一听 on the eligibility explanation of the confirmation sheet: the browser's Chinese voice on H5 when it
 * has one, else (and on the mini program) the server's audio of the same text (GET /api/v1/speech). It stops
 * when the page is left; when nothing can read, the control says so plainly.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { EligibilityItem } from '../../../domain/eligibility'
import { formatYuan } from '../../../domain/format'
import { SPEECH_TEXT_MAX } from '../../../domain/notice'
import { STATUS_WORDS, citeText } from '../../../components/enroll-sheet'
import { speechAudio } from '../../../services/api/speech'
import { READ_ALOUD_MESSAGES, createReadAloud, useOnHide, type ReadAloud, type ReadAloudState } from '../../../services/platform'

/** What is read: the same words the sheet shows, in its order (the citation included: it says why). */
export function eligibilitySpeechText(items: readonly EligibilityItem[]): string {
  const parts = ['你可能享受的补贴']
  if (items.length === 0) parts.push('这门课暂时没有可申请的补贴')
  for (const it of items) {
    const amount = it.maxYuan !== null && it.status !== 'ineligible' ? `，约${formatYuan(it.maxYuan)}` : ''
    parts.push(`${it.name}：${STATUS_WORDS[it.status]}${amount}。${it.status === 'ineligible' ? `原因：${it.reason}` : it.reason}。${citeText(it.source)}`)
  }
  parts.push('以上为预估，最终以人社部门审核为准。')
  const text = parts.join('。').replace(/。+/g, '。')
  // the route reads at most SPEECH_TEXT_MAX characters: a longer explanation is cut at a sentence end
  if (Array.from(text).length <= SPEECH_TEXT_MAX) return text
  const cut = Array.from(text).slice(0, SPEECH_TEXT_MAX).join('')
  return cut.slice(0, cut.lastIndexOf('。') + 1) || cut
}

export function useEligibilityListen(items: readonly EligibilityItem[]) {
  const [state, setState] = useState<ReadAloudState>({ status: 'idle' })
  const reader = useRef<ReadAloud | null>(null)
  const text = eligibilitySpeechText(items)

  const stop = useCallback(() => {
    reader.current?.stop()
    reader.current = null
    setState((s) => (s.status === 'unavailable' ? s : { status: 'idle' }))
  }, [])
  // a changed explanation (profile saved) is read afresh
  useEffect(() => stop, [text, stop])
  useOnHide(stop)

  return {
    listen: state,
    onPlay: () => {
      if (!reader.current) reader.current = createReadAloud({ text, ...speechAudio(text), unavailableMessage: READ_ALOUD_MESSAGES.unavailableText }, setState)
      reader.current.play()
    },
    onPause: () => reader.current?.pause()
  }
}
