import { DeskHomeView } from '../../../components/training-views'
import { DeskPage } from '../gate-view'
import { useDeskHome } from './use-desk-home'

export default function DeskHomePage() {
  return (
    <DeskPage
      useData={useDeskHome}
      render={(p) => (
        <DeskHomeView {...p.view} />
      )}
    />
  )
}
