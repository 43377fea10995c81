/**
 * H5: Taro's own navigation bar (shown by window.navigationStyle 'default' in app.config) gives every
 * page its title and a back arrow (a home arrow when the page was opened directly; none on home).
 * Its arrows are bare <div>s: give them a role, a name, a word beside the icon, the Tab order and
 * Enter/Space, so they are real buttons for the keyboard and screen readers. Sizes in src/app.css.
 */
const BUTTONS = [
  { cls: 'taro-navigation-bar-back', word: '返回', label: '返回上一页' },
  { cls: 'taro-navigation-bar-home', word: '首页', label: '回到首页' }
] as const

function enhance(bar: HTMLElement): void {
  for (const b of BUTTONS) {
    const el = bar.getElementsByClassName(b.cls)[0] as HTMLElement | undefined
    if (!el || el.dataset.enhanced) continue
    el.dataset.enhanced = '1'
    el.setAttribute('role', 'button')
    el.setAttribute('tabindex', '0')
    el.setAttribute('aria-label', b.label)
    el.id = b.cls === 'taro-navigation-bar-back' ? 'nav-back' : 'nav-home'
    el.querySelector('svg')?.setAttribute('aria-hidden', 'true')
    const word = document.createElement('span')
    word.className = 'nav-bar-word'
    word.textContent = b.word
    word.setAttribute('aria-hidden', 'true')
    el.appendChild(word)
    el.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault()
        el.click()
      }
    })
  }
  const title = bar.getElementsByClassName('taro-navigation-bar-title')[0] as HTMLElement | undefined
  if (title) {
    title.setAttribute('role', 'heading')
    title.setAttribute('aria-level', '1')
  }
}

export function enhanceNavigationBar(): void {
  if (typeof document === 'undefined') return
  let tries = 0
  const attempt = () => {
    const bar = document.getElementById('taro-navigation-bar')
    if (bar) enhance(bar)
    else if (tries++ < 50) setTimeout(attempt, 20) // the router inserts it while the app mounts
  }
  attempt()
}
