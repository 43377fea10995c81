import { PageShell } from '../../components/page-shell'
import { CourseDetailView } from '../../components/course-detail-view'
import { useCourse } from './use-course'

export default function CoursePage() {
  return <PageShell><CourseDetailView {...useCourse()} /></PageShell>
}
