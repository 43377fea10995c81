import { CoursesView } from '../../components/courses-view'
import { useCourses } from './use-courses'

export default function CoursesPage() {
  return <CoursesView {...useCourses()} />
}
