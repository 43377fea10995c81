/** Writes src/components/occupation-grid/icons.css from the drawings in icons.ts. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { occupationIconsCss } from '../src/components/occupation-grid/icons'

writeFileSync(join(__dirname, '..', 'src', 'components', 'occupation-grid', 'icons.css'), occupationIconsCss())
