import { InstitutionView } from '../../components/institution-view'
import { useInstitution } from './use-institution'

export default function InstitutionPage() {
  return <InstitutionView {...useInstitution()} />
}
