import { useEffect } from 'react'
import { replace } from '../../../services/platform'

/** Old address of 我的报名 (shared links, the H5 route): go to the real page. */
export default function SignupIndexPage() {
  useEffect(() => replace('mine'), [])
  return null
}
