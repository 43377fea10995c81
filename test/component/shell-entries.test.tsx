/**
 * The H5 shell (src/index.html) paints home's entries before any JS runs; the app then renders the same
 * entries in the same place. Their words must stay the app's: a changed or added entry changes both.
 */
import fs from 'node:fs'
import path from 'node:path'
import { HOME_ENTRIES } from '../../src/components/home-view'

test('the shell shows exactly the home entries, in order, with the same words', () => {
  const html = fs.readFileSync(path.resolve(__dirname, '../../src/index.html'), 'utf8')
  const shell = [...html.matchAll(/<div class="shell__entry"><b>([^<]+)<\/b><span>([^<]+)<\/span><\/div>/g)].map((m) => ({
    title: m[1],
    hint: m[2]
  }))
  expect(shell).toEqual(HOME_ENTRIES.map(({ title, hint }) => ({ title, hint })))
})
