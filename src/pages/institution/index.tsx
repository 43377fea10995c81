import { PageShell } from '../../components/page-shell'
import { InstitutionView } from '../../components/institution-view'
import { useInstitution } from './use-institution'

export default function InstitutionPage() {
  return <PageShell><InstitutionView {...useInstitution()} /></PageShell>
}
