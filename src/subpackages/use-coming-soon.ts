/** Actions of the placeholder pages of features still being built. */
import { callPhone, go } from '../services/platform'

export function useComingSoon() {
  return {
    onCallHotline: () => callPhone('12333'),
    onFindCourses: () => go('courses')
  }
}
