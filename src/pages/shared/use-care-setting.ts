/** The 关怀模式 switch on 我的: the stored setting, applied to every page by PageShell. */
import { useSettings } from '../../store/settings'

export function useCareSetting() {
  const on = useSettings((s) => s.elderMode)
  return { on, onChange: (next: boolean) => useSettings.getState().setElderMode(next) }
}
