import { DeskCourseView, MakeUpSheet, StudyHoursSheet } from '../../../components/training-views'
import { DeskPage } from '../gate-view'
import { useDeskCourse } from './use-desk-course'

export default function DeskCoursePage() {
  return (
    <DeskPage
      useData={useDeskCourse}
      render={(p) => (
        <>
          <DeskCourseView {...p.view} />
          {p.makeUp && <MakeUpSheet {...p.makeUp} />}
          {p.studyHours && <StudyHoursSheet {...p.studyHours} />}
        </>
      )}
    />
  )
}
