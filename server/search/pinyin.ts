/**
 * Pinyin keys for keyword search, computed once at insert time so a worker can type
 * "jiazheng" or "jz" and find 家政 courses. Pure functions, no database.
 */
import { pinyin } from 'pinyin-pro'

/** Lowercase full pinyin without tones or spaces: 家政服务员 → jiazhengfuwuyuan. Non-Chinese letters/digits kept. */
export function fullPinyin(text: string): string {
  if (!text) return ''
  return pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

/** Lowercase initials: 家政服务员 → jzfwy. ASCII words keep their first letter only. */
export function initials(text: string): string {
  if (!text) return ''
  return pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z]/g, '')
}

export interface SearchKeys {
  text: string
  pinyin: string
  initials: string
}

/** Splits a name into words for initials: 家政服务员（初级）晚班速成班 → 家政服务员 / 初级 / 晚班速成班. */
export function segments(text: string): string[] {
  return text.split(/[\s（）()【】+＋、，,|]+/).filter(Boolean)
}

/**
 * Keys for a course from its searchable parts (title, occupation, institution).
 * Parts are joined with '|' so a match never spans two parts. Initials are kept per word with a leading
 * '|' ("|jzfwy|cj|wbscb"), and an initials query must match the start of a word: "jz" finds 家政服务员
 * but not the accidental "…级 周末…" inside another title.
 */
export function searchKeys(parts: readonly string[], cache?: Map<string, [string, string]>): SearchKeys {
  const py: string[] = []
  const ini: string[] = []
  for (const part of parts) {
    let hit = cache?.get(part)
    if (!hit) {
      hit = [fullPinyin(part), segments(part).map(initials).filter(Boolean).map((w) => `|${w}`).join('')]
      cache?.set(part, hit)
    }
    py.push(hit[0])
    ini.push(hit[1])
  }
  return { text: parts.join('|').toLowerCase(), pinyin: py.join('|'), initials: ini.join('') }
}

/** True when the term should also be matched against pinyin keys (letters only, e.g. "jz", "jiazheng"). */
export function isPinyinTerm(term: string): boolean {
  return /^[a-z]+$/i.test(term)
}

/** Splits a user query into at most 5 search terms: trimmed, lowercased, whitespace-separated. */
export function searchTerms(q: string): string[] {
  return q
    .normalize('NFKC')
    .toLowerCase()
    .split(/[\s\u3000]+/)
    .filter((t) => t.length > 0)
    .slice(0, 5)
}

/** Escapes LIKE wildcards (\ % _) so the term matches literally. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`)
}
