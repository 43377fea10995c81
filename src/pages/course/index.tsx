import { CourseDetailView } from '../../components/course-detail-view'
import { useCourse } from './use-course'

export default function CoursePage() {
  return <CourseDetailView {...useCourse()} />
}
