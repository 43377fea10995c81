/** icons.css is what icons.ts draws (regenerate: npx tsx scripts/gen-occupation-icons.ts). */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ICON_CODES, occupationIconClass, occupationIconsCss } from '../../src/components/occupation-grid/icons'

test('the stylesheet is generated from the drawings and has a class for each', () => {
  const css = readFileSync(join(__dirname, '..', '..', 'src', 'components', 'occupation-grid', 'icons.css'), 'utf8')
  expect(css).toBe(occupationIconsCss())
  for (const code of ICON_CODES) expect(css).toContain(`.${occupationIconClass(code)} { background-image: url("data:image/svg+xml;base64,`)
  expect(occupationIconClass('no-such-code')).toBe('')
})
