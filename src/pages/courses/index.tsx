import { PageShell } from '../../components/page-shell'
import { CoursesView } from '../../components/courses-view'
import { useCourses } from './use-courses'

export default function CoursesPage() {
  return <PageShell><CoursesView {...useCourses()} /></PageShell>
}
