/**
 * `npm run admin` as the tests run it: the real command's code (`runAdmin`) in process, on an embedded database
 * folder of the test file's own (removed after the file), its printed lines collected.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runAdmin } from '../../server/roles/cli'

export interface AdminCli {
  /** the environment the command runs with (its PGlite folder: `DATA_DIR`) */
  env: { DATA_DIR: string }
  /** `npm run admin -- …args`: the exit code and everything it printed */
  run(...args: string[]): Promise<{ code: number; out: string }>
}

export function useAdminCli(): AdminCli {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-admin-'))
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
  const env = { DATA_DIR: path.join(dir, 'db') }
  return {
    env,
    async run(...args) {
      const lines: string[] = []
      const code = await runAdmin(args, env, (l) => lines.push(l))
      return { code, out: lines.join('\n') }
    }
  }
}
